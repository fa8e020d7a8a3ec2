namespace SuperNet.Rpc.Backend;

/// <summary>
/// What the RPC methods need from the supervisor. The state machine stays the only owner of program
/// state: implementations post commands to its thread and complete the returned tasks from there.
/// Faults are thrown as <see cref="RpcFaultException"/> with supervisord's code and detail; the RPC
/// layer adds name resolution, argument checks, group/all fan-out, result ordering and waiting.
/// </summary>
public interface ISupervisorBackend
{
    /// <summary>[supervisord] identifier (getIdentification).</summary>
    string Identification { get; }

    /// <summary>The version getSupervisorVersion reports.</summary>
    string SupervisorVersion { get; }

    /// <summary>supervisord's own pid (getPID).</summary>
    int Pid { get; }

    /// <summary>True from the moment shutdown or restart begins: state-checked methods then fault SHUTDOWN_STATE.</summary>
    bool IsShuttingDown { get; }

    /// <summary>The main log file path as configured (readLog, /mainlogtail); null when there is none.</summary>
    string? MainLogfile { get; }

    /// <summary>A consistent view of the active groups; cheap enough to call on every request.</summary>
    SupervisorSnapshot GetSnapshot();

    /// <summary>The most recently parsed configuration (startup or last reloadConfig), with which groups are active.</summary>
    IReadOnlyList<AvailableGroup> GetAvailableGroups();

    /// <summary>
    /// startProcess for one process, steps 3-6 of contract §2.6 on the state machine: the command pre-check
    /// (NO_FILE / NOT_EXECUTABLE), the state rules (ALREADY_STARTED, FAILED for UNKNOWN), the spawn, and
    /// SPAWN_ERROR if it failed at once. The returned change completes when the process reaches RUNNING,
    /// or faults with SPAWN_ERROR (spawnerr set, e.g. exited before startsecs) or ABNORMAL_TERMINATION
    /// (any other state, including the STOPPING case where nothing was spawned).
    /// </summary>
    Task<PendingChange> StartProcessAsync(ProcessKey key, CancellationToken cancellationToken);

    /// <summary>
    /// stopProcess for one process: NOT_RUNNING unless STARTING/RUNNING/BACKOFF; BACKOFF becomes STOPPED at
    /// once; otherwise sends stopsignal (FAILED and state UNKNOWN if that fails). The change completes when
    /// the process is in a STOPPED state (SIGKILL escalation happens meanwhile). <paramref name="wait"/> says
    /// whether the caller will wait: only a waiting stop logs "waiting for x to stop", as upstream.
    /// </summary>
    Task<PendingChange> StopProcessAsync(ProcessKey key, bool wait, CancellationToken cancellationToken);

    /// <summary>Sends a validated signal number: NOT_RUNNING unless STARTING/RUNNING/STOPPING; FAILED on delivery error.</summary>
    Task SignalProcessAsync(ProcessKey key, int signal, CancellationToken cancellationToken);

    /// <summary>Writes to the child's stdin: NOT_RUNNING (no pid, or STOPPING), NO_FILE (stdin closed).</summary>
    Task SendProcessStdinAsync(ProcessKey key, string chars, CancellationToken cancellationToken);

    /// <summary>Truncates a running process's log files (a no-op when not running); FAILED on I/O error.</summary>
    Task ClearProcessLogsAsync(ProcessKey key, CancellationToken cancellationToken);

    /// <summary>Deletes the main log file and reopens it: NO_FILE if absent, FAILED if it cannot be deleted.</summary>
    Task ClearMainLogAsync(CancellationToken cancellationToken);

    /// <summary>Re-parses the configuration and compares it with the active groups; applies nothing. CANT_REREAD on a bad config.</summary>
    Task<ConfigDiff> ReloadConfigAsync(CancellationToken cancellationToken);

    /// <summary>Activates a group of the last parsed config: BAD_NAME, ALREADY_ADDED.</summary>
    Task AddProcessGroupAsync(string name, CancellationToken cancellationToken);

    /// <summary>Removes an active group whose processes are all stopped: BAD_NAME, STILL_RUNNING.</summary>
    Task RemoveProcessGroupAsync(string name, CancellationToken cancellationToken);

    /// <summary>Begins shutdown after the current reply has been sent; IsShuttingDown is true from then on.</summary>
    void RequestShutdown();

    /// <summary>Begins an in-process restart (new generation); IsShuttingDown is true from then on.</summary>
    void RequestRestart();

    /// <summary>Emits REMOTE_COMMUNICATION with payload "type:&lt;type&gt;\n&lt;data&gt;". Works during shutdown.</summary>
    void SendRemoteCommEvent(string type, string data);
}

/// <summary>
/// A state change that has begun. Completion succeeds when the change is done and faults with an
/// RpcFaultException when it ended otherwise; callers that do not wait ignore it.
/// </summary>
public sealed record PendingChange(Task Completion)
{
    public static PendingChange Done { get; } = new(Task.CompletedTask);
}
