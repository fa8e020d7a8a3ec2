using SuperNet.Core.Processes;

namespace SuperNet.Rpc.Backend;

/// <summary>
/// The active process groups at one instant, as the state machine publishes them. Immutable: RPC
/// threads read it without touching the state machine.
/// </summary>
/// <param name="Now">Seconds since the epoch when the snapshot was taken (ProcessInfo "now").</param>
/// <param name="Groups">Active groups in the supervisor's own order (how groups were added); the RPC
/// layer sorts by priority or by name as each method requires.</param>
public sealed record SupervisorSnapshot(long Now, IReadOnlyList<GroupSnapshot> Groups)
{
    public GroupSnapshot? FindGroup(string name)
    {
        foreach (var g in Groups)
        {
            if (g.Name == name)
            {
                return g;
            }
        }
        return null;
    }
}

/// <param name="Processes">Members in config order (process_num order for numprocs).</param>
public sealed record GroupSnapshot(string Name, int Priority, IReadOnlyList<ProcessSnapshot> Processes)
{
    public ProcessSnapshot? FindProcess(string name)
    {
        foreach (var p in Processes)
        {
            if (p.Name == name)
            {
                return p;
            }
        }
        return null;
    }
}

/// <summary>One process as getProcessInfo reports it (contract §2.4).</summary>
public sealed record ProcessSnapshot
{
    public required string Name { get; init; }
    public required string Group { get; init; }
    public int Priority { get; init; } = 999;
    public required ProcessState State { get; init; }
    /// <summary>Seconds since the epoch of the last spawn attempt; 0 if never.</summary>
    public long Start { get; init; }
    /// <summary>Seconds since the epoch of the last exit; 0 if never.</summary>
    public long Stop { get; init; }
    public string SpawnError { get; init; } = "";
    public int ExitStatus { get; init; }
    public int Pid { get; init; }
    /// <summary>Real stdout log path; null when not logged (NONE, syslog only).</summary>
    public string? StdoutLogfile { get; init; }
    /// <summary>Real stderr log path; null when not logged or redirected to stdout.</summary>
    public string? StderrLogfile { get; init; }
    /// <summary>The description supervisorctl prints verbatim (contract §3.8), computed by the engine.</summary>
    public string Description { get; init; } = "";
    /// <summary>backoff_delay: the BACKOFF wait in seconds; null (not reported) unless the program set backoff=/restart_delay=.</summary>
    public double? BackoffDelay { get; init; }
    /// <summary>dropped_lines: null (not reported) unless the program logs to the daemon's stdout/stderr.</summary>
    public long? DroppedLines { get; init; }
    /// <summary>ready=/healthcheck=/depends_on= state; null for a process that uses none of them.</summary>
    public ReadinessSnapshot? Readiness { get; init; }
}

/// <summary>getProcessInfo's ready, ready_probe, ready_status and health members (docs/containers.md).</summary>
public sealed record ReadinessSnapshot(bool Ready, string Probe, string Status, string Health);

/// <summary>One group of the most recently parsed configuration, for getAllConfigInfo.</summary>
/// <param name="Config">The group's parsed config. A log path materialised from AUTO appears in
/// ChildLogOptions.Path; an AUTO path not yet materialised is reported as "auto".</param>
/// <param name="InUse">Whether the group is currently active.</param>
public sealed record AvailableGroup(Core.Config.GroupConfig Config, bool InUse);

/// <summary>reloadConfig's answer: group names (contract §2.6, §4.17).</summary>
public sealed record ConfigDiff(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);

/// <summary>Identifies one process of an active group.</summary>
public readonly record struct ProcessKey(string Group, string Process);
