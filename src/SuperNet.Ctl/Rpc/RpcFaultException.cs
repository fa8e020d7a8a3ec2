using SuperNet.Core.Logging;

namespace SuperNet.Ctl.Rpc;

/// <summary>An XML-RPC fault answered by the server; Message is the full faultString.</summary>
internal sealed class RpcFaultException(int code, string faultString) : Exception(faultString)
{
    public int Code { get; } = code;

    /// <summary>As Python's xmlrpc.client.Fault prints itself.</summary>
    public string PythonText => $"<Fault {Code}: {PythonRepr.Str(Message)}>";
}
