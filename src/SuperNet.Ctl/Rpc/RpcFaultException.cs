using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;

namespace SuperNet.Ctl.Rpc;

/// <summary>An XML-RPC fault answered by the server; Message is the full faultString.</summary>
internal sealed class RpcFaultException(Fault code, string faultString) : Exception(faultString)
{
    public Fault Code { get; } = code;

    /// <summary>As Python's xmlrpc.client.Fault prints itself.</summary>
    public string PythonText => $"<Fault {(int)Code}: {PythonRepr.Str(Message)}>";
}
