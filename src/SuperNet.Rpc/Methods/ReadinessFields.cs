using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// SuperNet's getProcessInfo additions, after supervisord's members and only for a process that uses ready=,
/// healthcheck= or depends_on= ("waiting" and "waiting_for" only with depends_on=): clients ignore unknown
/// members, and every other struct stays byte-identical.
/// </summary>
internal static class ReadinessFields
{
    public static void AddTo(List<KeyValuePair<string, XmlRpcValue>> members, ProcessView p)
    {
        if (!p.Config.Container.UsesReadiness)
        {
            return;
        }
        members.Add(new("ready", p.Ready));
        members.Add(new("ready_probe", p.Config.Container.Ready.Text));
        members.Add(new("ready_status", p.ReadyStatus));
        members.Add(new("health", p.Health));
        if (p.Config.Container.DependsOn.Count > 0)
        {
            members.Add(new("waiting", p.Waiting?.Code ?? ""));
            members.Add(new("waiting_for", WaitingFor(p)));
        }
    }

    /// <summary>What depends_on holds the process back for (empty while it is not held): names, never parsed from the text.</summary>
    public static XmlRpcArray WaitingFor(ProcessView p) =>
        new([.. (p.Waiting?.On ?? []).Select(name => (XmlRpcValue)name)]);
}
