using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// Publication of <see cref="SupervisorView"/> and the identities commands are keyed by. Only what changed is
/// rebuilt: a process's view when it changed, a group's list when one of its members did, so a message that
/// touches one of 100 000 processes does not copy the other 99 999.
/// </summary>
public sealed partial class Supervisor
{
    private readonly Dictionary<ProcessId, Subprocess> byId = [];
    private readonly Dictionary<Subprocess, Member> members = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<Subprocess> changed = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ProcessGroup, GroupView> groupViews = new(ReferenceEqualityComparer.Instance);
    private readonly List<Action> settled = [];
    private SupervisorView? view;
    private bool groupsChanged = true;
    private int nextId;
    private int nextGroup;
    private int ownerThread;

    /// <summary>Any thread: the latest published view. Never null once the constructor has returned.</summary>
    public SupervisorView View => Volatile.Read(ref view)!;

    /// <summary>Any thread: the zone descriptions show stop times in.</summary>
    public TimeZoneInfo LocalZone => services.Time.LocalTimeZone;

    private void Register(ProcessGroup group)
    {
        group.Added = ++nextGroup;
        foreach (var process in group.Processes)
        {
            var id = new ProcessId(++nextId);
            byId[id] = process;
            members[process] = new Member(id, group);
            changed.Add(process);
        }
        // A group with no processes (numprocs=0, a [group:x] without programs) is published here: no process
        // change ever makes its view.
        if (group.Processes.Count == 0)
        {
            groupViews[group] = new GroupView(group.Config, []) { Added = group.Added };
        }
        groupsChanged = true;
    }

    private void Unregister(ProcessGroup group)
    {
        foreach (var process in group.Processes)
        {
            byId.Remove(members[process].Id);
            members.Remove(process);
            changed.Remove(process);
        }
        groupViews.Remove(group);
        groupsChanged = true;
    }

    private void MarkChanged(Subprocess process)
    {
        AssertOwner();
        changed.Add(process);
    }

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
        if (changed.Count == 0 && !groupsChanged && view is { } current && current.Accepting == accepting)
        {
            return;
        }
        var touched = new HashSet<ProcessGroup>(ReferenceEqualityComparer.Instance);
        foreach (var process in changed)
        {
            var member = members[process];
            member.View = ViewOf(process, member.Id);
            touched.Add(member.Group);
        }
        changed.Clear();
        foreach (var group in touched)
        {
            var list = new ProcessView[group.Processes.Count];
            for (var p = 0; p < list.Length; p++)
            {
                list[p] = members[group.Processes[p]].View!;
            }
            groupViews[group] = new GroupView(group.Config, list) { Added = group.Added };
        }
        groupsChanged = false;
        var published = new GroupView[groups.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            published[g] = groupViews[groups[g]];
        }
        Volatile.Write(ref view, new SupervisorView(accepting, published));
    }

    private ProcessView ViewOf(Subprocess p, ProcessId id) => new(
        id, p.Config, p.GroupName, p.State, p.Pid, p.LastStart, p.LastStop, p.SpawnErr ?? "", p.ExitStatus ?? 0,
        p.Logs?.StdoutLogfile ?? "", p.Logs?.StderrLogfile ?? "")
    {
        PendingRestart = p.PendingRestart,
        Drops = p.Logs?.Drops,
        Ready = p.IsReady,
        ReadyStatus = p.ReadyStatus,
        Health = p.Health,
        Waiting = held.GetValueOrDefault(p),
        Counts = p.Counts,
        Output = p.Output,
    };

    /// <summary>
    /// Debug builds: state owned by the supervisor thread is touched only there (or by the constructor before
    /// the loop starts, or after it ended, when nobody else can).
    /// </summary>
    [System.Diagnostics.Conditional("DEBUG")]
    private void AssertOwner()
    {
        var owner = Volatile.Read(ref ownerThread);
        if (owner != 0 && !finished && owner != System.Environment.CurrentManagedThreadId)
        {
            throw new InvalidOperationException(
                $"supervisor state touched from thread {System.Environment.CurrentManagedThreadId}, owned by thread {owner}");
        }
    }

    private sealed class Member(ProcessId id, ProcessGroup group)
    {
        public ProcessId Id { get; } = id;
        public ProcessGroup Group { get; } = group;
        public ProcessView? View { get; set; }
    }
}
