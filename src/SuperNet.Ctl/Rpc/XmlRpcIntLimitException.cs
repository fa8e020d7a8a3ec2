namespace SuperNet.Ctl.Rpc;

/// <summary>An int beyond 32 bits in a call: Python's xmlrpc.client refuses to send it with this OverflowError.</summary>
internal sealed class XmlRpcIntLimitException() : Exception("int exceeds XML-RPC limits");
