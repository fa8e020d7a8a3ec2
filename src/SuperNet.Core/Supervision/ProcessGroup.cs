using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>A process group; its members are ordered by process priority, then name (§3.7). Owner thread only.</summary>
public sealed class ProcessGroup
{
    internal ProcessGroup(GroupConfig config, Func<ProcessConfig, Subprocess> create)
    {
        Config = config;
        Processes = [.. config.Processes
            .OrderBy(p => p.Priority)
            .ThenBy(p => p.Name, StringComparer.Ordinal)
            .Select(create)];
    }

    public GroupConfig Config { get; }
    public string Name => Config.Name;
    public IReadOnlyList<Subprocess> Processes { get; }
    /// <summary>The event queue of an [eventlistener:x] group; null for other groups.</summary>
    public ListenerPool? Pool { get; internal set; }

    public Subprocess? Find(string processName) => Processes.FirstOrDefault(p => p.Name == processName);

    public IEnumerable<Subprocess> Unstopped => Processes.Where(p => !p.State.IsStopped());

    /// <summary>Shutdown's turn for this group (§5.4): stop RUNNING/STARTING, BACKOFF → FATAL, descending priority.</summary>
    internal void StopAll()
    {
        for (var i = Processes.Count - 1; i >= 0; i--)
        {
            var process = Processes[i];
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
