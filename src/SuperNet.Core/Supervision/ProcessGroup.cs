using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// A process group. Its members keep the group's own order (the programs= order of a [group:x]; the processes of
/// one program section sorted by name, as supervisord reads them), which supervisord walks when it autostarts and
/// reports; only explicit sorts use priority (<see cref="ByPriority"/>). Owner thread only.
/// </summary>
public sealed class ProcessGroup
{
    internal ProcessGroup(GroupConfig config, Func<ProcessConfig, Subprocess> create)
    {
        Config = config;
        Processes = [.. config.Processes.Select(create)];
    }

    // The members in shutdown's order, made at the first shutdown (priorities never change within a group's life).
    private Subprocess[]? stopOrder;
    private bool stopPending = true;

    public GroupConfig Config { get; }
    public string Name => Config.Name;
    public IReadOnlyList<Subprocess> Processes { get; }
    /// <summary>When the group became active, counted across the generation (see <see cref="GroupView.Added"/>).</summary>
    internal int Added { get; set; }
    /// <summary>The event queue of an [eventlistener:x] group; null for other groups.</summary>
    public ListenerPool? Pool { get; internal set; }

    public IEnumerable<Subprocess> Unstopped => Processes.Where(p => !p.State.IsStopped());

    /// <summary>How many members are not in a stopped state, kept by <see cref="StateChanged"/> so shutdown need not count.</summary>
    internal int UnstoppedCount { get; private set; }

    /// <summary>
    /// Ascending process priority; the sort is stable (supervisord compares processes by priority alone), so
    /// equal priorities keep the group's own order.
    /// </summary>
    public IEnumerable<Subprocess> ByPriority => Processes.OrderBy(p => p.Config.Priority);

    /// <summary>
    /// Shutdown's turn for this group (§5.4): stop RUNNING/STARTING, BACKOFF → FATAL. supervisord sorts by
    /// priority and reverses the whole list, so equal priorities go in reverse group order.
    /// </summary>
    internal void StopAll()
    {
        // Shutdown calls this at every message until the group is stopped; only a member that entered a state
        // it acts on since the last call (never, once starts are refused) gives it something to do.
        if (!stopPending)
        {
            return;
        }
        stopPending = false;
        stopOrder ??= [.. ByPriority.Reverse()];
        foreach (var process in stopOrder)
        {
            process.StopForShutdown();
        }
    }

    /// <summary>The supervisor's note of a member's state change.</summary>
    internal void StateChanged(ProcessState from, ProcessState to)
    {
        UnstoppedCount += (from.IsStopped() ? 1 : 0) - (to.IsStopped() ? 1 : 0);
        if (to is ProcessState.Running or ProcessState.Starting or ProcessState.Backoff)
        {
            stopPending = true;
        }
    }

    internal void DisposeLogs()
    {
        foreach (var process in Processes)
        {
            process.Logs?.Dispose();
        }
    }
}
