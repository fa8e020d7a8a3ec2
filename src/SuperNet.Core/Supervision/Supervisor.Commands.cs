using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// The command API the RPC layer builds on (contract §2.6). Every method may be called from any thread; it
/// posts to the owner thread and completes when the method's wait condition holds. Single-process methods
/// take a namespec naming one process; callers route "g:*" to the group methods (see <see cref="Namespec"/>).
/// Every command faults SHUTDOWN_STATE while shutting down or restarting.
/// </summary>
public sealed partial class Supervisor
{
    /// <summary>getState: the mood, read on the owner thread.</summary>
    public Task<SupervisorMood> GetMoodAsync() => InvokeAsync(() => Mood);

    /// <summary>supervisor.shutdown: True, then the §5.4 sequence; a second request is SHUTDOWN_STATE.</summary>
    public Task<Outcome> ShutdownAsync() => Command(() => SetMood(SupervisorMood.Shutdown));

    /// <summary>supervisor.restart: True, then stop everything and end <see cref="Run"/> with Restart.</summary>
    public Task<Outcome> RestartAsync() => Command(() => SetMood(SupervisorMood.Restarting));

    public Task<(Outcome Outcome, ProcessInfo? Info)> GetProcessInfoAsync(string namespec) => InvokeAsync(() =>
    {
        if (!Accepting)
        {
            return (Outcome.Of(Fault.ShutdownState), (ProcessInfo?)null);
        }
        var found = Lookup(namespec, out var process);
        return (found, process?.Snapshot(WallNow, services.Time.LocalTimeZone));
    });

    /// <summary>getAllProcessInfo: every process, ordered by group name then process name (code-point order).</summary>
    public Task<IReadOnlyList<ProcessInfo>> GetAllProcessInfoAsync() => InvokeAsync(() =>
    {
        var now = WallNow;
        IReadOnlyList<ProcessInfo> all = [.. groups
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .SelectMany(g => g.Processes.OrderBy(p => p.Name, StringComparer.Ordinal))
            .Select(p => p.Snapshot(now, services.Time.LocalTimeZone))];
        return all;
    });

    public Task<Outcome> StartProcessAsync(string namespec, bool wait = true) => Deferred(done =>
    {
        if (Lookup(namespec, out var process) is { Succeeded: false } bad)
        {
            done(bad);
            return;
        }
        StartOne(process!, namespec, wait, done);
    });

    public Task<Outcome> StopProcessAsync(string namespec, bool wait = true) => Deferred(done =>
    {
        if (Lookup(namespec, out var process) is { Succeeded: false } bad)
        {
            done(bad);
            return;
        }
        StopOne(process!, namespec, wait, done);
    });

    /// <summary>
    /// startProcess split in two for callers that fan out over many processes (the RPC layer): the task
    /// completes once the process has been spawned or refused (§2.6 steps 3-6, as with wait=false); on
    /// success <see cref="Begun.Completion"/> then completes as the wait=true call would.
    /// </summary>
    public Task<Begun> BeginStartAsync(string namespec) => Begin(namespec, StartOne, waiters.AwaitStart);

    /// <summary>
    /// stopProcess split in two, as <see cref="BeginStartAsync"/>: signalled (or refused), then stopped. With
    /// <paramref name="reportWaiting"/> the completion logs "waiting for x to stop" as a waiting stopProcess does.
    /// </summary>
    public Task<Begun> BeginStopAsync(string namespec, bool reportWaiting = true) =>
        Begin(namespec, StopOne, reportWaiting ? waiters.AwaitStop : waiters.AwaitStopQuietly);

    /// <summary>clearProcessLogs: truncates a running process's log files; nothing to do when it is not running.</summary>
    public Task<Outcome> ClearProcessLogsAsync(string namespec) => Command(() =>
    {
        if (Lookup(namespec, out var process) is { Succeeded: false } bad)
        {
            return bad;
        }
        if (process!.Pid == 0 || process.Logs is not { } logs)
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
            return Outcome.Of(Fault.Failed, namespec);
        }
    });

    /// <summary>signalProcess: <paramref name="signal"/> as given (name or number), validated after the name.</summary>
    public Task<Outcome> SignalProcessAsync(string namespec, string signal) => Command(() =>
    {
        if (Lookup(namespec, out var process) is { Succeeded: false } bad)
        {
            return bad;
        }
        return ParseSignal(signal) is { } number
            ? SignalOne(process!, namespec, number)
            : Outcome.Of(Fault.BadSignal, signal);
    });

    /// <summary>startProcessGroup: members not in RUNNING_STATES, spawned at once, results in completion order.</summary>
    public Task<IReadOnlyList<ProcessResult>> StartGroupAsync(string group, bool wait = true) =>
        GroupCommand(group, wait, p => !p.State.IsRunning(), StartOne);

    /// <summary>startAllProcesses over every group in priority order.</summary>
    public Task<IReadOnlyList<ProcessResult>> StartAllAsync(bool wait = true) =>
        GroupCommand(null, wait, p => !p.State.IsRunning(), StartOne);

    /// <summary>stopProcessGroup: members in RUNNING_STATES, signalled at once in ascending priority.</summary>
    public Task<IReadOnlyList<ProcessResult>> StopGroupAsync(string group, bool wait = true) =>
        GroupCommand(group, wait, p => p.State.IsRunning(), StopOne);

    public Task<IReadOnlyList<ProcessResult>> StopAllAsync(bool wait = true) =>
        GroupCommand(null, wait, p => p.State.IsRunning(), StopOne);

    public Task<IReadOnlyList<ProcessResult>> SignalGroupAsync(string group, string signal) =>
        GroupCommand(group, false, p => p.State.IsSignallable(), SignalWith(signal));

    public Task<IReadOnlyList<ProcessResult>> SignalAllAsync(string signal) =>
        GroupCommand(null, false, p => p.State.IsSignallable(), SignalWith(signal));

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
        catch (FastCgiSocketException e)
        {
            return Outcome.Of(Fault.Failed, e.Message);
        }
        groups.Insert(index, created);
        MarkViewDirty();
        GroupAdded(group.Name);
        return Outcome.Ok;
    });

    public Task<Outcome> RemoveGroupAsync(string name) => Command(() =>
    {
        var group = groups.FirstOrDefault(g => g.Name == name);
        if (group is null)
        {
            return Outcome.Of(Fault.BadName, name);
        }
        if (group.Unstopped.Any())
        {
            return Outcome.Of(Fault.StillRunning, name);
        }
        groups.Remove(group);
        MarkViewDirty();
        group.DisposeLogs();
        GroupRemoved(group);
        return Outcome.Ok;
    });

    /// <summary>sendRemoteCommEvent: a REMOTE_COMMUNICATION event for the pools that listen.</summary>
    public Task<Outcome> SendRemoteCommEventAsync(string type, string data) => Command(() =>
    {
        hub.Notify(EventPayloads.Remote(type, data));
        return Outcome.Ok;
    });

    /// <summary>sendProcessStdin: queues the bytes for the child's stdin pipe (no newline added).</summary>
    public Task<Outcome> SendStdinAsync(string namespec, byte[] data) => Command(() =>
    {
        if (Lookup(namespec, out var process) is { Succeeded: false } bad)
        {
            return bad;
        }
        if (process!.Pid == 0 || process.IsKilling)
        {
            return Outcome.Of(Fault.NotRunning, namespec);
        }
        return process.WriteStdin(data) ? Outcome.Ok : Outcome.Of(Fault.NoFile, namespec);
    });

    private bool Accepting => Mood == SupervisorMood.Running && !finished;

    private Outcome SetMood(SupervisorMood mood)
    {
        Mood = mood;
        return Outcome.Ok;
    }

    private Task<Outcome> Command(Func<Outcome> command) =>
        InvokeAsync(() => Accepting ? command() : Outcome.Of(Fault.ShutdownState));

    /// <summary>A command that completes later, through the callback, without blocking the loop.</summary>
    private Task<Outcome> Deferred(Action<Action<Outcome>> command)
    {
        var result = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (!Accepting)
            {
                Settle(() => result.SetResult(Outcome.Of(Fault.ShutdownState)));
                return;
            }
            try
            {
                command(o => Settle(() => result.TrySetResult(o)));
            }
            catch (Exception e)
            {
                result.TrySetException(e);
                throw;
            }
        });
        return result.Task;
    }

    private Task<Begun> Begin(
        string namespec, Action<Subprocess, string, bool, Action<Outcome>> act, Action<Subprocess, string, Action<Outcome>> awaitDone)
    {
        var result = new TaskCompletionSource<Begun>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (!Accepting)
            {
                Settle(() => result.SetResult(new Begun(Outcome.Of(Fault.ShutdownState), null)));
                return;
            }
            if (Lookup(namespec, out var process) is { Succeeded: false } bad)
            {
                Settle(() => result.SetResult(new Begun(bad, null)));
                return;
            }
            // Without waiting, start and stop answer before returning.
            var first = Outcome.Of(Fault.Failed, "no answer");
            act(process!, namespec, false, o => first = o);
            if (!first.Succeeded)
            {
                Settle(() => result.SetResult(new Begun(first, null)));
                return;
            }
            var completion = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            awaitDone(process!, namespec, o => Settle(() => completion.TrySetResult(o)));
            Settle(() => result.SetResult(new Begun(Outcome.Ok, completion.Task)));
        });
        return result.Task;
    }

    private Task<IReadOnlyList<ProcessResult>> GroupCommand(
        string? groupName, bool wait, Func<Subprocess, bool> selects, Action<Subprocess, string, bool, Action<Outcome>> act)
    {
        var result = new TaskCompletionSource<IReadOnlyList<ProcessResult>>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            if (!Accepting)
            {
                Settle(() => result.SetException(new SupervisorFaultException(Outcome.Of(Fault.ShutdownState))));
                return;
            }
            IEnumerable<ProcessGroup> targets = groups;
            if (groupName is not null)
            {
                var group = groups.FirstOrDefault(g => g.Name == groupName);
                if (group is null)
                {
                    Settle(() => result.SetException(new SupervisorFaultException(Outcome.Of(Fault.BadName, groupName))));
                    return;
                }
                targets = [group];
            }
            var chosen = targets.SelectMany(g => g.ByPriority).Where(selects).ToList();
            var results = new List<ProcessResult>(chosen.Count);
            if (chosen.Count == 0)
            {
                Settle(() => result.SetResult(results));
                return;
            }
            try
            {
                foreach (var process in chosen)
                {
                    act(process, Namespec.Make(process.GroupName, process.Name), wait, outcome =>
                    {
                        results.Add(new ProcessResult(process.Name, process.GroupName, outcome));
                        if (results.Count == chosen.Count)
                        {
                            Settle(() => result.TrySetResult(results));
                        }
                    });
                }
            }
            catch (Exception e)
            {
                result.TrySetException(e);
                throw;
            }
        });
        return result.Task;
    }

    /// <summary>startProcess after the name lookup (§2.6 steps 3-7).</summary>
    private void StartOne(Subprocess process, string namespec, bool wait, Action<Outcome> done)
    {
        var command = process.Resolve();
        if (command.Problem == CommandProblem.NotFound)
        {
            done(Outcome.Of(Fault.NoFile, command.Error));
            return;
        }
        if (command.Problem == CommandProblem.NotExecutable)
        {
            done(Outcome.Of(Fault.NotExecutable, command.Error));
            return;
        }
        if (process.State.IsRunning())
        {
            done(Outcome.Of(Fault.AlreadyStarted, namespec));
            return;
        }
        if (process.State == ProcessState.Unknown)
        {
            done(Outcome.Of(Fault.Failed, $"{namespec} is in an unknown process state"));
            return;
        }
        if (QueueStart(process))
        {
            WhenQueued(process, namespec, wait, done);
            return;
        }
        process.Spawn();
        if (process.SpawnErr is not null)
        {
            done(Outcome.Of(Fault.SpawnError, namespec));
            return;
        }
        process.Transition();
        if (!wait || process.State == ProcessState.Running)
        {
            done(Outcome.Ok);
            return;
        }
        waiters.AwaitStart(process, namespec, done);
    }

    /// <summary>stopProcess after the name lookup.</summary>
    private void StopOne(Subprocess process, string namespec, bool wait, Action<Outcome> done)
    {
        if (!process.State.IsRunning())
        {
            done(Outcome.Of(Fault.NotRunning, namespec));
            return;
        }
        if (process.Stop() is { } error)
        {
            done(Outcome.Of(Fault.Failed, error));
            return;
        }
        if (!wait || process.State.IsStopped())
        {
            done(Outcome.Ok);
            return;
        }
        waiters.AwaitStop(process, namespec, done);
    }

    private Outcome SignalOne(Subprocess process, string namespec, int signal)
    {
        if (!process.State.IsSignallable())
        {
            return Outcome.Of(Fault.NotRunning, namespec);
        }
        return process.Signal(signal) is { } error ? Outcome.Of(Fault.Failed, error) : Outcome.Ok;
    }

    private Action<Subprocess, string, bool, Action<Outcome>> SignalWith(string signal)
    {
        var number = ParseSignal(signal);
        return (process, namespec, _, done) =>
            done(number is { } n ? SignalOne(process, namespec, n) : Outcome.Of(Fault.BadSignal, signal));
    }

    /// <summary>A signal name (HUP, sighup, SIGHUP) or number; null when supervisord would reject it.</summary>
    public static int? ParseSignal(string signal)
    {
        if (int.TryParse(signal.Trim(), System.Globalization.NumberStyles.AllowLeadingSign,
                System.Globalization.CultureInfo.InvariantCulture, out var number))
        {
            return Signals.IsValidNumber(number) ? number : null;
        }
        return Signals.FromName(signal);
    }

    private Outcome Lookup(string namespec, out Subprocess? process)
    {
        process = null;
        var (groupName, processName) = Namespec.Split(namespec);
        var group = groups.FirstOrDefault(g => g.Name == groupName);
        process = processName is null ? null : group?.Find(processName);
        return process is null ? Outcome.Of(Fault.BadName, namespec) : Outcome.Ok;
    }
}

/// <summary>
/// A start or stop that has been acted on. <paramref name="Outcome"/> is the immediate answer; when it
/// succeeded, <paramref name="Completion"/> ends with what a waiting call would answer (Ok, SPAWN_ERROR,
/// ABNORMAL_TERMINATION, or SHUTDOWN_STATE if the supervisor ends first). Null when refused at once.
/// </summary>
public sealed record Begun(Outcome Outcome, Task<Outcome>? Completion);

/// <summary>A group/all command that faults as a whole (BAD_NAME for an unknown group, SHUTDOWN_STATE).</summary>
public sealed class SupervisorFaultException(Outcome outcome) : Exception(outcome.Text)
{
    public Outcome Outcome { get; } = outcome;
}
