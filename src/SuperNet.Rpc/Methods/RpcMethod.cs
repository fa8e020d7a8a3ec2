using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

internal delegate ValueTask<XmlRpcValue> RpcHandler(IReadOnlyList<XmlRpcValue> args, CancellationToken cancellationToken);

/// <summary>One published method.</summary>
/// <param name="Signature">[return type, parameter types...] as system.methodSignature returns it.</param>
/// <param name="RequiredArgs">Parameters without a default; the rest (e.g. wait) may be omitted.</param>
/// <param name="ChecksState">Faults SHUTDOWN_STATE while shutting down (all supervisor.* but a few).</param>
internal sealed record RpcMethod(string Name, string[] Signature, int RequiredArgs, string Help, RpcHandler Handler, bool ChecksState)
{
    public int MaxArgs => Signature.Length - 1;
}
