using SuperNet.Core.Supervision;
using SuperNet.Ctl.Net;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Rpc;

/// <summary>XML-RPC calls to supervisord over one connection: faults become RpcFaultException.</summary>
internal sealed class SupervisorClient(RpcConnection connection) : IDisposable
{
    public XmlRpcValue Call(string method, params XmlRpcValue[] args)
    {
        var response = connection.Post("/RPC2", XmlRpcWriter.WriteMethodCall(method, args));
        if (response.Status != 200)
        {
            throw new HttpStatusException(response.Status, response.Reason);
        }

        var parsed = XmlRpcReader.ReadResponse(TransportDecoding.Decode(response.Body));
        if (parsed.Fault is { } fault)
        {
            throw new RpcFaultException((Fault)fault.Code, fault.Message, fault.ExactCode);
        }

        return parsed.Value!;
    }

    public IReadOnlyList<XmlRpcStruct> CallList(string method, params XmlRpcValue[] args) =>
        Call(method, args).AsArray().Select(v => v.AsStruct()).ToArray();

    public void Dispose() => connection.Dispose();
}
