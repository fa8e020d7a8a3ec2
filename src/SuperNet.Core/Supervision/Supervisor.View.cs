using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>Publication of <see cref="SupervisorView"/>: rebuilt on the owner thread only when something changed.</summary>
public sealed partial class Supervisor
{
    private SupervisorView? view;
    private bool viewDirty = true;

    /// <summary>Any thread: the latest published view. Never null once the constructor has returned.</summary>
    public SupervisorView View => Volatile.Read(ref view)!;

    private readonly List<Action> settled = [];

    private void MarkViewDirty() => viewDirty = true;

    /// <summary>
    /// Completes a caller's task only once the message that decided it has been published: whoever is
    /// answered (an RPC client) must see the change in the very next read of <see cref="View"/>.
    /// </summary>
    private void Settle(Action complete)
    {
        if (finished)
        {
            complete();
            return;
        }
        settled.Add(complete);
    }

    private void FlushSettled()
    {
        if (settled.Count == 0)
        {
            return;
        }
        var due = settled.ToArray();
        settled.Clear();
        foreach (var complete in due)
        {
            complete();
        }
    }

    /// <summary>Owner thread (or the constructor): publishes a new view if anything it shows changed.</summary>
    private void PublishView()
    {
        var accepting = Accepting;
        if (!viewDirty && view is { } current && current.Accepting == accepting)
        {
            return;
        }
        viewDirty = false;
        var published = new GroupView[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            var members = new ProcessView[group.Processes.Count];
            for (var p = 0; p < members.Length; p++)
            {
                members[p] = ViewOf(group.Processes[p]);
            }
            published[g] = new GroupView(group.Config, members);
        }
        Volatile.Write(ref view, new SupervisorView(accepting, published));
    }

    private static ProcessView ViewOf(Subprocess p) => new(
        p.Config, p.GroupName, p.State, p.Pid, p.LastStart, p.LastStop, p.SpawnErr ?? "", p.ExitStatus ?? 0,
        p.Logs?.StdoutLogfile ?? "", p.Logs?.StderrLogfile ?? "")
    {
        PendingRestart = p.PendingRestart,
        Drops = p.Logs?.Drops,
        Ready = p.IsReady,
        ReadyStatus = p.ReadyStatus,
        Health = p.Health,
    };
}
