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

    public GroupConfig Config { get; }
    public string Name => Config.Name;
    public IReadOnlyList<Subprocess> Processes { get; }
    /// <summary>The event queue of an [eventlistener:x] group; null for other groups.</summary>
    public ListenerPool? Pool { get; internal set; }

    public Subprocess? Find(string processName) => Processes.FirstOrDefault(p => p.Name == processName);

    public IEnumerable<Subprocess> Unstopped => Processes.Where(p => !p.State.IsStopped());

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
        foreach (var process in ByPriority.Reverse())
        {
            switch (process.State)
            {
                case ProcessState.Running:
                case ProcessState.Starting:
                    process.Stop();
                    break;
                case ProcessState.Backoff:
                    process.GiveUp();
                    break;
            }
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
