using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Supervision;

/// <summary>
/// What the owner thread publishes after every message that changed something: immutable, so RPC threads
/// read it at any time without posting to (or stalling) the loop. Times are raw; callers compute "now"
/// dependent fields (description, uptime) when they read.
/// </summary>
/// <param name="Accepting">False from the moment shutdown or restart begins (SHUTDOWN_STATE).</param>
/// <param name="Groups">Active groups in start order.</param>
public sealed record SupervisorView(bool Accepting, IReadOnlyList<GroupView> Groups)
{
    public GroupView? FindGroup(string name)
    {
        foreach (var group in Groups)
        {
            if (group.Name == name)
            {
                return group;
            }
        }
        return null;
    }
}

/// <param name="Config">The configuration object the group was created from (reference identity matters:
/// getAllConfigInfo shows materialized AUTO paths only for the object a live group uses).</param>
/// <param name="Processes">Members in the group's order (priority, then name).</param>
public sealed record GroupView(GroupConfig Config, IReadOnlyList<ProcessView> Processes)
{
    public string Name => Config.Name;

    /// <summary>
    /// When the group became active, as an increasing count: supervisord keeps its active groups in a dict, so
    /// reloadConfig lists removed groups in the order they were added (start-up's, then add/update's), not in
    /// <see cref="SupervisorView.Groups"/>' priority order.
    /// </summary>
    public int Added { get; init; }

    public ProcessView? FindProcess(string name)
    {
        foreach (var process in Processes)
        {
            if (process.Name == name)
            {
                return process;
            }
        }
        return null;
    }
}

/// <summary>
/// Names one process of one group for as long as the group is active: the key of every per-process command,
/// so a command never resolves a name again. A removed and re-added group's processes get new identities.
/// </summary>
public readonly record struct ProcessId(int Value);

/// <summary>One process's facts at publication.</summary>
public sealed record ProcessView(
    ProcessId Id,
    ProcessConfig Config,
    string Group,
    ProcessState State,
    int Pid,
    DateTimeOffset? LastStart,
    DateTimeOffset? LastStop,
    string SpawnErr,
    int ExitStatus,
    string StdoutLogfile,
    string StderrLogfile)
{
    public string Name => Config.Name;

    /// <summary>"name" or "group:name", as faults and supervisorctl name the process.</summary>
    public string Namespec => Supervision.Namespec.Make(Group, Name);

    /// <summary>RUNNING and ready (ready=): what depends_on, `supernetctl health` and /readyz wait for.</summary>
    public bool Ready { get; init; }
    /// <summary>The last STATUS= (ready=notify) or probe answer.</summary>
    public string ReadyStatus { get; init; } = "";
    /// <summary>healthcheck=: "", "starting", "healthy" or "unhealthy".</summary>
    public string Health { get; init; } = "";
    /// <summary>Why depends_on= holds the process back from a spawn it is due; null when it does not.</summary>
    public DependencyWait? Waiting { get; init; }

    /// <summary>getProcessInfo's stdout_logfile (and logfile): the file, or the /dev path of the daemon's stream.</summary>
    public string ReportedStdoutLogfile => Reported(StdoutLogfile, Config.Stdout);

    /// <summary>getProcessInfo's stderr_logfile: empty with redirect_stderr, as supervisord reports it.</summary>
    public string ReportedStderrLogfile => Config.RedirectStderr ? StderrLogfile : Reported(StderrLogfile, Config.Stderr);

    // A channel written to the daemon's own stdout/stderr has no file of its own (StdoutLogfile stays empty, so
    // /logtail never opens the daemon's stream), but supervisord names the /dev path it was given, and its
    // readProcess*Log/tailProcess*Log open that path.
    private static string Reported(string readable, ChildLogOptions options) =>
        options.Stream != DaemonStream.None && options.Path is { } path ? path : readable;

    /// <summary>The getProcessInfo fields as of <paramref name="now"/>.</summary>
    public ProcessInfo Info(DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = LastStart?.ToUnixTimeSeconds() ?? 0;
        var stop = LastStop?.ToUnixTimeSeconds() ?? 0;
        var nowSeconds = now.ToUnixTimeSeconds();
        return new ProcessInfo
        {
            Name = Name,
            Group = Group,
            Start = start,
            Stop = stop,
            Now = nowSeconds,
            State = State,
            SpawnErr = SpawnErr,
            ExitStatus = ExitStatus,
            StdoutLogfile = ReportedStdoutLogfile,
            StderrLogfile = ReportedStderrLogfile,
            Pid = Pid,
            Description = Waiting?.Text ?? Description.ForView(State, Pid, start, stop, now, SpawnErr, Name, zone, Config.Restart, PendingRestart),
            BackoffDelay = PendingRestart?.Delay.TotalSeconds ?? 0,
            DroppedLines = Drops?.Count ?? 0,
        };
    }

    /// <summary>The current BACKOFF wait; null in any other state.</summary>
    public RestartWait? PendingRestart { get; init; }

    /// <summary>Spawns, exits by code and signal, start latency (/metrics).</summary>
    public ProcessCounts Counts { get; init; } = ProcessCounts.None;

    /// <summary>The live count of bytes read from the process's stdout and stderr pipes (/metrics).</summary>
    public OutputCounter? Output { get; init; }

    /// <summary>The live count of lines dropped on the daemon's stdout/stderr; null when none are logged there.</summary>
    public Logging.DropCounter? Drops { get; init; }
}
