using SuperNet.Core.Logging;
using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// The command API the RPC layer builds on (contract §2.6). Names are resolved by the caller against
/// <see cref="View"/>; commands are keyed by <see cref="ProcessId"/>, run on the owner thread and answer
/// <see cref="Outcome"/>. Every method may be called from any thread. Every command faults SHUTDOWN_STATE
/// while shutting down or restarting, and once the loop has ended.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>supervisor.shutdown: True, then the §5.4 sequence; a second request is SHUTDOWN_STATE.</summary>
    public Task<Outcome> ShutdownAsync() => Command(() => SetMood(SupervisorMood.Shutdown));

    /// <summary>supervisor.restart: True, then stop everything and end <see cref="Run"/> with Restart.</summary>
    public Task<Outcome> RestartAsync() => Command(() => SetMood(SupervisorMood.Restarting));

    /// <summary>
    /// startProcess in two steps: the task completes once the process has been spawned or refused (§2.6 steps
    /// 3-6: NO_FILE, NOT_EXECUTABLE, ALREADY_STARTED, FAILED for UNKNOWN, SPAWN_ERROR); on success
    /// <see cref="Begun.Completion"/> then ends as a waiting call would (Ok at RUNNING, SPAWN_ERROR, ABNORMAL_TERMINATION).
    /// </summary>
    /// <param name="whenDone">
    /// Called with the completion's outcome on the supervisor thread, just before <see cref="Begun.Completion"/> ends,
    /// in the order waits end (a caller that fans out lists results in that order). It must only record.
    /// </param>
    public Task<Begun> StartAsync(ProcessId id, Action<Outcome>? whenDone = null) =>
        Single(BeginEach([id], null, StartOne, waiters.AwaitStart, whenDone is null ? null : _ => whenDone));

    /// <summary>
    /// stopProcess in two steps, as <see cref="StartAsync"/>: signalled (or NOT_RUNNING, FAILED), then stopped.
    /// With <paramref name="reportWaiting"/> the completion logs "waiting for x to stop" as a waiting stopProcess does,
    /// until <paramref name="callerGone"/> is cancelled.
    /// </summary>
    public Task<Begun> StopAsync(
        ProcessId id, bool reportWaiting = true, Action<Outcome>? whenDone = null, CancellationToken callerGone = default) =>
        Single(BeginEach([id], null, StopOne, Stopping(reportWaiting, callerGone), whenDone is null ? null : _ => whenDone));

    /// <summary>
    /// startProcessGroup/startAllProcesses: <see cref="StartAsync"/> for each process in the order given that is not
    /// running when the pass reaches it (null for one that is: supervisord's predicate leaves it out), all in one
    /// loop pass, so no event is dispatched between two of them (supervisord chooses and spawns the whole set in one
    /// request before its loop dispatches).
    /// </summary>
    /// <param name="whenDone">For the i-th process, as <see cref="StartAsync"/>'s; null or a null entry records nothing.</param>
    public Task<IReadOnlyList<Begun?>> StartEachAsync(IReadOnlyList<ProcessId> ids, Func<int, Action<Outcome>?>? whenDone = null) =>
        BeginEach(ids, p => !p.State.IsRunning(), StartOne, waiters.AwaitStart, whenDone);

    /// <summary>
    /// stopProcessGroup/stopAllProcesses: <see cref="StopAsync"/> for each process in the order given that is running
    /// when the pass reaches it, or whose start depends_on still holds back (that start is dropped, as `stop x` drops
    /// it: otherwise `stop all` left it to start once its dependencies were started again); null for any other. All
    /// signalled in one loop pass. A listener stopped in the same call must not be sent, between two signals, an event
    /// it would die holding: the event would be re-queued and sent again to the listener's next instance.
    /// </summary>
    public Task<IReadOnlyList<Begun?>> StopEachAsync(
        IReadOnlyList<ProcessId> ids, bool reportWaiting = true, Func<int, Action<Outcome>?>? whenDone = null,
        CancellationToken callerGone = default) =>
        BeginEach(ids, p => p.State.IsRunning() || p.HasPendingStart, StopOne, Stopping(reportWaiting, callerGone), whenDone);

    /// <summary>clearProcessLogs: truncates a running process's log files; nothing to do when it is not running.</summary>
    public Task<Outcome> ClearLogsAsync(ProcessId id) => OnProcess(id, process =>
    {
        if (process.Pid == 0 || process.Logs is not { } logs)
        {
            return Outcome.Ok;
        }
        try
        {
            logs.Clear();
            return Outcome.Ok;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Outcome.Of(Fault.Failed, NamespecOf(process));
        }
    });

    /// <summary>sendProcessStdin: queues the bytes for the child's stdin pipe (no newline added).</summary>
    public Task<Outcome> SendStdinAsync(ProcessId id, byte[] data) => OnProcess(id, process =>
    {
        if (process.Pid == 0 || process.IsKilling)
        {
            return Outcome.Of(Fault.NotRunning, NamespecOf(process));
        }
        return process.WriteStdin(data) ? Outcome.Ok : Outcome.Of(Fault.NoFile, NamespecOf(process));
    });

    /// <summary>addProcessGroup: the group's autostart processes start at once.</summary>
    public Task<Outcome> AddGroupAsync(GroupConfig group) => Command(() =>
    {
        if (groups.Any(g => g.Name == group.Name))
        {
            return Outcome.Of(Fault.AlreadyAdded, group.Name);
        }
        var index = groups.FindLastIndex(g => g.Config.Priority <= group.Priority) + 1;
        ProcessGroup created;
        try
        {
            created = CreateGroup(group);
        }
        catch (Exception e) when (e is FastCgiSocketException or AutoLogCreateException)
        {
            // supervisord's handler dies of these (HTTP 500, a traceback in its log); a fault says the same in one line.
            return Outcome.Of(Fault.Failed, e.Message);
        }
        groups.Insert(index, created);
        Register(created);
        GroupAdded(group.Name);
        return Outcome.Ok;
    });

    /// <summary>removeProcessGroup of a stopped group.</summary>
    /// <param name="updatePending">exit_when_done: true when the configuration as last read still has groups to add
    /// (asked only when the key is on, on the supervisor thread, once the group is gone).</param>
    public Task<Outcome> RemoveGroupAsync(string name, Func<bool>? updatePending = null) => Command(() =>
    {
        var group = groups.FirstOrDefault(g => g.Name == name);
        if (group is null)
        {
            return Outcome.Of(Fault.BadName, name);
        }
        if (group.UnstoppedCount > 0)
        {
            return Outcome.Of(Fault.StillRunning, name);
        }
        groups.Remove(group);
        EndQueuedStarts(group);
        Unregister(group);
        group.DisposeLogs();
        GroupRemoved(group);
        ExitIfDoneAfterRemoval(updatePending);
        return Outcome.Ok;
    });

    /// <summary>
    /// A removed process's start queued behind depends_on can never happen: a `start` waiting on it is answered now
    /// (ABNORMAL_TERMINATION, as for a stopped start) rather than never.
    /// </summary>
    private void EndQueuedStarts(ProcessGroup group)
    {
        foreach (var process in group.Processes.Where(p => p.StartQueued))
        {
            process.StartQueued = false;
            waiters.OnStateChanged(process);
        }
    }

    /// <summary>sendRemoteCommEvent: a REMOTE_COMMUNICATION event for the pools that listen. Works during shutdown.</summary>
    public Task<Outcome> SendRemoteCommEventAsync(string type, string data) => Answer(() =>
    {
        if (!finished)
        {
            hub.Notify(EventPayloads.Remote(type, data));
        }
        return Outcome.Ok;
    });

    private bool Accepting => Mood == SupervisorMood.Running && !finished;

    private Outcome SetMood(SupervisorMood mood)
    {
        Mood = mood;
        return Outcome.Ok;
    }

    private static string NamespecOf(Subprocess process) => Namespec.Make(process.GroupName, process.Name);

    private Task<Outcome> Command(Func<Outcome> command) =>
        Answer(() => Accepting ? command() : Outcome.Of(Fault.ShutdownState));

    private Task<Outcome> OnProcess(ProcessId id, Func<Subprocess, Outcome> command) => Command(() =>
        TryGetTarget(id, out var process) ? command(process) : Outcome.Of(Fault.BadName));

    // A command acts on what supervisord would see: an exit already reaped is finished first.
    private bool TryGetTarget(ProcessId id, out Subprocess process)
    {
        if (!byId.TryGetValue(id, out process!))
        {
            return false;
        }
        process.FinishHeldExit();
        return true;
    }

    /// <summary>Runs on the owner thread; once the loop has ended the caller is answered SHUTDOWN_STATE where it is.</summary>
    private Task<Outcome> Answer(Func<Outcome> command)
    {
        var result = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!mailbox.TryPost(() =>
            {
                AssertOwner();
                Outcome outcome;
                try
                {
                    outcome = command();
                }
                catch (Exception e)
                {
                    // The loop logs it; the caller gets an error instead of waiting for ever.
                    Settle(() => result.TrySetException(e));
                    throw;
                }
                Settle(() => result.SetResult(outcome));
            }))
        {
            result.SetResult(Outcome.Of(Fault.ShutdownState));
        }
        return result.Task;
    }

    // Without a selection nothing is left out.
    private static async Task<Begun> Single(Task<IReadOnlyList<Begun?>> each) => (await each.ConfigureAwait(false))[0]!;

    private Action<Subprocess, string, Action<Outcome>> Stopping(bool reportWaiting, CancellationToken callerGone) =>
        reportWaiting ? (p, n, d) => waiters.AwaitStop(p, n, d, callerGone) : waiters.AwaitStopQuietly;

    /// <param name="selected">
    /// A fan-out's predicate, decided when the pass reaches the process (after any held exit is finished), as
    /// supervisord's is: a process it rejects, or one gone since the caller's lookup, is left out (null).
    /// </param>
    private Task<IReadOnlyList<Begun?>> BeginEach(
        IReadOnlyList<ProcessId> ids,
        Func<Subprocess, bool>? selected,
        Func<Subprocess, Outcome> act,
        Action<Subprocess, string, Action<Outcome>> awaitDone,
        Func<int, Action<Outcome>?>? whenDone) =>
        InOnePass<Begun?>(ids.Count, i => BeginOne(ids[i], selected, act, awaitDone, whenDone?.Invoke(i)),
            new Begun(Outcome.Of(Fault.ShutdownState), null));

    /// <summary>
    /// The group/all shape: <paramref name="one"/> for each index in order, all in one message, so nothing else the
    /// loop handles (a reaped exit, an event dispatch) comes between two of them. Every entry is
    /// <paramref name="refused"/> while not accepting commands.
    /// </summary>
    private Task<IReadOnlyList<T>> InOnePass<T>(int count, Func<int, T> one, T refused)
    {
        var result = new TaskCompletionSource<IReadOnlyList<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
        IReadOnlyList<T> Refused() => [.. Enumerable.Repeat(refused, count)];
        if (!mailbox.TryPost(() =>
            {
                AssertOwner();
                if (!Accepting)
                {
                    Settle(() => result.SetResult(Refused()));
                    return;
                }
                var each = new T[count];
                for (var i = 0; i < count; i++)
                {
                    try
                    {
                        each[i] = one(i);
                    }
                    catch (Exception e)
                    {
                        Settle(() => result.TrySetException(e));
                        throw;
                    }
                }
                // Settled after every completion done at once, so the caller sees those first.
                Settle(() => result.SetResult(each));
            }))
        {
            result.SetResult(Refused());
        }
        return result.Task;
    }

    private Begun? BeginOne(
        ProcessId id, Func<Subprocess, bool>? selected, Func<Subprocess, Outcome> act, Action<Subprocess, string, Action<Outcome>> awaitDone,
        Action<Outcome>? whenDone)
    {
        if (!TryGetTarget(id, out var process))
        {
            return selected is null ? new Begun(Outcome.Of(Fault.BadName), null) : null;
        }
        if (selected is not null && !selected(process))
        {
            return null;
        }
        var first = act(process);
        if (!first.Succeeded)
        {
            return new Begun(first, null);
        }
        var completion = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        var acting = true;
        var doneAtOnce = false;
        awaitDone(process, NamespecOf(process), o =>
        {
            doneAtOnce = acting;
            Settle(() =>
            {
                whenDone?.Invoke(o);
                completion.TrySetResult(o);
            });
        });
        acting = false;
        return new Begun(Outcome.Ok, completion.Task) { DoneAtOnce = doneAtOnce };
    }

    /// <summary>startProcess after the name lookup (§2.6 steps 3-6); the wait is the caller's.</summary>
    private Outcome StartOne(Subprocess process)
    {
        var command = process.Resolve();
        if (command?.Problem == CommandProblem.NotFound)
        {
            return Outcome.Of(Fault.NoFile, command.Error);
        }
        if (command?.Problem == CommandProblem.NotExecutable)
        {
            return Outcome.Of(Fault.NotExecutable, command.Error);
        }
        if (process.State.IsRunning())
        {
            return Outcome.Of(Fault.AlreadyStarted, NamespecOf(process));
        }
        if (process.State == ProcessState.Unknown)
        {
            return Outcome.Of(Fault.Failed, $"{NamespecOf(process)} is in an unknown process state");
        }
        // Queued behind depends_on: answered at once; the caller's wait ends as the queued start does.
        if (QueueStart(process))
        {
            return Outcome.Ok;
        }
        process.Spawn();
        if (process.SpawnErr is not null)
        {
            return Outcome.Of(Fault.SpawnError, NamespecOf(process));
        }
        process.Transition();
        return Outcome.Ok;
    }

    /// <summary>stopProcess after the name lookup.</summary>
    private Outcome StopOne(Subprocess process)
    {
        var dropped = process.DropPendingStart();
        if (dropped)
        {
            StopWaiting(process);
            // A waiting start of it ends now rather than when the dependencies are ready.
            waiters.OnStateChanged(process);
        }
        if (!process.State.IsRunning())
        {
            return dropped ? Outcome.Ok : Outcome.Of(Fault.NotRunning, NamespecOf(process));
        }
        return process.Stop() is { } error ? Outcome.Of(Fault.Failed, error) : Outcome.Ok;
    }
}

/// <summary>
/// A start or stop that has been acted on. <paramref name="Outcome"/> is the immediate answer; when it
/// succeeded, <paramref name="Completion"/> ends with what a waiting call would answer (Ok, SPAWN_ERROR,
/// ABNORMAL_TERMINATION, or SHUTDOWN_STATE if the supervisor ends first). Null when refused at once.
/// </summary>
public sealed record Begun(Outcome Outcome, Task<Outcome>? Completion)
{
    /// <summary>
    /// The completion ended inside the act itself (e.g. startsecs=0 reached RUNNING at once), not from a later event
    /// such as a child's exit: supervisord answers such a call in its first pass, in the order acted on.
    /// </summary>
    public bool DoneAtOnce { get; init; }
}
