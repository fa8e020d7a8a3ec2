using System.Globalization;
using System.Numerics;
using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;

namespace SuperNet.Ctl.Rpc;

/// <summary>An XML-RPC fault answered by the server; Message is the full faultString.</summary>
/// <param name="exactCode">The code as answered, when wider than <paramref name="code"/> (clamped to 32 bits) holds.</param>
internal sealed class RpcFaultException(Fault code, string faultString, BigInteger? exactCode = null) : Exception(faultString)
{
    public Fault Code { get; } = code;

    /// <summary>The code as the server answered it, which supervisorctl prints.</summary>
    public BigInteger ExactCode { get; } = exactCode ?? (int)code;

    /// <summary>As Python's xmlrpc.client.Fault prints itself.</summary>
    public string PythonText => $"<Fault {ExactCode.ToString(CultureInfo.InvariantCulture)}: {PythonRepr.Str(Message)}>";
}
