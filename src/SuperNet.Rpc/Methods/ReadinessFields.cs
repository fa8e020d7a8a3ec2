using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// SuperNet's getProcessInfo additions, after supervisord's members and only for a process that uses ready=,
/// healthcheck= or depends_on=: clients ignore unknown members, and every other struct stays byte-identical.
/// </summary>
internal static class ReadinessFields
{
    public static IEnumerable<KeyValuePair<string, XmlRpcValue>> For(ProcessView p) => !p.Config.Container.UsesReadiness ? [] :
    [
        new("ready", p.Ready),
        new("ready_probe", p.Config.Container.Ready.Text),
        new("ready_status", p.ReadyStatus),
        new("health", p.Health),
    ];
}
