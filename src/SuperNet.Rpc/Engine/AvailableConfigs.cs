using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;

namespace SuperNet.Rpc.Engine;

/// <summary>
/// The configuration as most recently parsed (at start-up or by reloadConfig): what addProcessGroup may add and
/// getAllConfigInfo lists, and reloadConfig's comparison with the active groups (contract §4.17).
/// </summary>
public sealed class AvailableConfigs
{
    private readonly SupervisordOptions startupOptions;
    private readonly Func<SupervisorConfig> reread;
    private readonly LiveSupervisordOptions? live;
    // One reread at a time from its read to its last write, and no addProcessGroup between: two rereads at once could
    // leave one read's groups with the other's [supervisord] options, or an older read's over a newer one.
    // supervisord runs each request whole.
    private readonly SemaphoreSlim rereading = new(1, 1);
    private IReadOnlyList<GroupConfig> available;

    /// <param name="live">Replaced with each successfully re-read [supervisord] section.</param>
    public AvailableConfigs(SupervisorConfig config, Func<SupervisorConfig> reread, LiveSupervisordOptions? live = null)
    {
        startupOptions = config.Supervisord;
        this.reread = reread;
        this.live = live;
        available = config.Groups;
    }

    public GroupConfig? Find(string name) => Volatile.Read(ref available).FirstOrDefault(g => g.Name == name);

    /// <summary>
    /// addProcessGroup: the group as the newest completed read has it, handed to <paramref name="add"/> with no reread
    /// running until the add is done; null when that read has no such group. Looked up outside the rereads' turn, the
    /// group could come from a read that a reread finished replacing before the add was applied, and that reread then
    /// answered it "added" while the older read's group became active.
    /// </summary>
    public async Task<Outcome?> AddAsync(string name, Func<GroupConfig, Task<Outcome>> add, CancellationToken cancellationToken)
    {
        await rereading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return Find(name) is { } group ? await add(group).ConfigureAwait(false) : null;
        }
        finally
        {
            rereading.Release();
        }
    }

    /// <summary>Every available group with whether it is active; a live group shows the AUTO log paths it made.</summary>
    public IReadOnlyList<(GroupConfig Config, bool InUse)> List(SupervisorView view) =>
        [.. Volatile.Read(ref available).Select(g =>
        {
            var live = view.FindGroup(g.Name);
            // Only the object a live group was made from has its AUTO files; a re-read copy still says "auto".
            var shown = live is not null && ReferenceEquals(live.Config, g) ? WithAutoPaths(g, live) : Remembered(g);
            return (shown, live is not null);
        })];

    /// <summary>Parses the configuration again and compares it with the active groups; applies nothing.</summary>
    public async Task<(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed)> ReloadAsync(
        Func<SupervisorView> view, CancellationToken cancellationToken)
    {
        SupervisorConfig fresh;
        SupervisorView active;
        await rereading.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            fresh = await Task.Run(reread, cancellationToken).ConfigureAwait(false);
            // Compared before the new groups can be added: read after, a group another client added from this very
            // read would be missing from "added", an answer no order of whole requests gives.
            active = view();
            Volatile.Write(ref available, fresh.Groups);
            live?.Replace(fresh.Supervisord);
        }
        catch (ConfigException e)
        {
            throw new RpcFaultException(Fault.CantReread, e.Message);
        }
        finally
        {
            rereading.Release();
        }
        var configured = fresh.Groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var added = fresh.Groups.Where(g => active.FindGroup(g.Name) is null).Select(g => g.Name).ToList();
        var removed = active.Groups.Where(a => !configured.Contains(a.Name)).OrderBy(a => a.Added).Select(a => a.Name).ToList();
        var changed = fresh.Groups
            .Where(g => active.FindGroup(g.Name) is { } live
                && !GroupChanges.Same(live.Config, DaemonOptionsOf(live.Config), g, DaemonOptionsOf(g)))
            .Select(g => g.Name)
            .ToList();
        return (added, changed, removed);
    }

    /// <summary>
    /// Whether `update` would still add a group of the newest read: one that is not active (<paramref name="removing"/>
    /// counts as gone) or whose configuration changed. exit_when_done waits for that add.
    /// </summary>
    public bool UpdatePending(SupervisorView view, string removing) =>
        Volatile.Read(ref available).Any(g => g.Name == removing || view.FindGroup(g.Name) is not { } live
            || !GroupChanges.Same(live.Config, DaemonOptionsOf(live.Config), g, DaemonOptionsOf(g)));

    // The [supervisord] environment is part of every process's merged environment, which reloadConfig compares.
    private SupervisordOptions DaemonOptionsOf(GroupConfig group) => group.Supervisord ?? startupOptions;

    // A group removed since it was made from this object keeps the AUTO names it made (supervisord's are in the object).
    private static GroupConfig Remembered(GroupConfig group) =>
        group.Processes.Any(p => !ReferenceEquals(AutoChildLogs.Remembered(p), p))
            ? group with { Processes = [.. group.Processes.Select(AutoChildLogs.Remembered)] }
            : group;

    private static GroupConfig WithAutoPaths(GroupConfig group, GroupView live) => group with
    {
        Processes = [.. group.Processes.Select(p =>
        {
            var view = live.FindProcess(p.Name);
            if (view is null)
            {
                return p;
            }
            return p with { Stdout = Materialized(p.Stdout, view.StdoutLogfile), Stderr = Materialized(p.Stderr, view.StderrLogfile) };
        })],
    };

    private static ChildLogOptions Materialized(ChildLogOptions log, string path) =>
        log.IsAuto && log.Path is null && path.Length > 0 ? log with { Path = path } : log;
}
