using SuperNet.Rpc.Backend;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// SuperNet's getProcessInfo additions, after supervisord's members and only for a process that uses ready=,
/// healthcheck= or depends_on=: clients ignore unknown members, and every other struct stays byte-identical.
/// </summary>
internal static class ReadinessFields
{
    public static IEnumerable<KeyValuePair<string, XmlRpcValue>> For(ProcessSnapshot p) => p.Readiness is not { } r ? [] :
    [
        new("ready", r.Ready),
        new("ready_probe", r.Probe),
        new("ready_status", r.Status),
        new("health", r.Health),
    ];
}
