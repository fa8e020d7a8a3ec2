using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Supervision;

/// <summary>
/// supervisord's main loop for one configuration generation. One thread (the one in <see cref="Run"/>)
/// owns every group, process, waiter and the timer; other threads post messages (child exits, signals,
/// commands). After each message every process makes its time/mood-driven transitions, then the single
/// timer is set to the nearest deadline; with nothing pending it is disarmed, so an idle supervisor never wakes.
/// </summary>
public sealed partial class Supervisor : IProcessOwner, IDisposable
{
    private static readonly TimeSpan ShutdownReportEvery = TimeSpan.FromSeconds(3);
    // Wall and monotonic clocks may disagree by a little; waking just after a slice boundary keeps a tick from being missed.
    private static readonly TimeSpan AfterBoundary = TimeSpan.FromMilliseconds(1);
    // How long shutdown waits for a listener pool to take the events still queued (its own STOPPING and the
    // stops of the programs before it) before stopping the pool. supervisord's 1 s passes give listeners
    // about that chance; an event-driven loop would otherwise stop them within a millisecond.
    private static readonly TimeSpan ShutdownDrain = TimeSpan.FromSeconds(1);
    private const double LongestTimerWait = 0xfffffffe;

    private readonly SupervisorConfig config;
    private readonly SupervisorServices services;
    private readonly Mailbox mailbox = new();
    private readonly PendingSignals pendingSignals;
    private readonly ITimer timer;
    private readonly long origin;
    private readonly List<ProcessGroup> groups = [];
    private readonly Dictionary<int, Subprocess> pids = [];
    private readonly Waiters waiters;
    private readonly EventHub hub;
    private readonly TickClock ticks;
    // Made once: a method group converted on every loop pass would allocate a delegate each time.
    private readonly Action<SupervisorEvent> notifyHub;
    private int wakePosted;
    private SupervisorExit? exit;
    private bool finished;
    private List<ProcessGroup>? stopGroups;
    private TimeSpan? lastShutdownReport;
    // Processes of the current groups not in a stopped state: shutdown ends when none is left.
    private int unstopped;
    private TimeSpan? drainUntil;
    private DateTimeOffset tickTarget;
    private TimeSpan tickDue;

    public Supervisor(SupervisorConfig config, SupervisorServices services)
    {
        this.config = config;
        this.services = services;
        origin = services.Time.GetTimestamp();
        pendingSignals = new PendingSignals(services.Time);
        Resolver = new CommandResolver(services.Splitter, services.Probe);
        Environment = new ChildEnvironment(services.DaemonEnvironment, config, services.Files);
        waiters = new Waiters(this);
        hub = new EventHub(services.EventSerial);
        notifyHub = hub.Notify;
        ticks = new TickClock(services.Time.GetUtcNow());
        timer = services.Time.CreateTimer(_ => Wake(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        foreach (var group in config.Groups.OrderBy(g => g.Priority).ThenBy(g => g.Name, StringComparer.Ordinal))
        {
            var created = CreateGroup(group);
            groups.Add(created);
            Register(created);
            GroupAdded(group.Name);
        }
        PublishView();
    }

    /// <summary>Owner thread: shutdown/restart mood.</summary>
    public SupervisorMood Mood { get; private set; } = SupervisorMood.Running;

    /// <summary>Owner thread: the active groups in start order (priority, then name; later additions after equals).</summary>
    public IReadOnlyList<ProcessGroup> Groups => groups;

    public TimeSpan Now => services.Time.GetElapsedTime(origin);
    public DateTimeOffset WallNow => services.Time.GetUtcNow();
    public bool StartsAllowed => Mood == SupervisorMood.Running && !finished;
    public IMainLog Log => services.Log;
    public IProcessSpawner Spawner => services.Spawner;
    public IProcessSignaller Signaller => services.Signaller;
    public IOutputPump Pump => services.Pump;
    public CommandResolver Resolver { get; }
    public ChildEnvironment Environment { get; }
    /// <summary>Owner thread: the event listener pools and the events they wait to send.</summary>
    public EventHub Events => hub;

    /// <summary>Test hook: the deadline the timer is armed for, or null when it is disarmed.</summary>
    internal TimeSpan? ArmedDeadline { get; private set; }

    /// <summary>Runs the loop on the calling thread until every process is stopped after a shutdown or restart.</summary>
    public SupervisorExit Run()
    {
        Volatile.Write(ref ownerThread, System.Environment.CurrentManagedThreadId);
        hub.Notify(EventPayloads.SupervisorRunning());
        Publish(e => e.SupervisorRunning());
        Guarded(AfterMessage);
        while (exit is null)
        {
            Guarded(mailbox.Take());
            Guarded(AfterMessage);
            Guarded(FlushSettled);
        }
        finished = true;
        PublishView();
        timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        ArmedDeadline = null;
        // Commands that arrive from now on are answered SHUTDOWN_STATE; they never touch a process.
        foreach (var late in mailbox.Close())
        {
            late();
        }
        waiters.AbandonAll();
        return exit.Value;
    }

    /// <summary>Runs <see cref="Run"/> on a new dedicated thread.</summary>
    public Task<SupervisorExit> RunAsync()
    {
        var done = new TaskCompletionSource<SupervisorExit>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                done.SetResult(Run());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        })
        {
            Name = "supervisor",
            IsBackground = true,
        };
        thread.Start();
        return done.Task;
    }

    /// <summary>From the reaper thread: a child (ours or an orphan) was reaped.</summary>
    public void PostChildExit(int pid, WaitStatus status) => Post(() => OnChildExit(pid, status));

    /// <summary>From the signal listener: TERM/INT/QUIT, HUP, USR2, CHLD (§5.3).</summary>
    public void PostSignal(int signal)
    {
        if (pendingSignals.TryAdd(signal))
        {
            Post(() =>
            {
                pendingSignals.Taken(signal);
                OnSignal(signal);
            });
        }
    }

    /// <summary>
    /// Runs <paramref name="function"/> on the owner thread after everything posted before it; once the loop has
    /// ended the task faults with <see cref="SupervisorEndedException"/> and the function never runs.
    /// </summary>
    public Task<T> InvokeAsync<T>(Func<T> function)
    {
        var result = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!mailbox.TryPost(() =>
            {
                try
                {
                    var value = function();
                    Settle(() => result.SetResult(value));
                }
                catch (Exception e)
                {
                    Settle(() => result.SetException(e));
                }
            }))
        {
            result.SetException(new SupervisorEndedException());
        }
        return result.Task;
    }

    // After the loop ended nothing may touch its state: a late child exit or signal is dropped, not run here.
    private void Post(Action action) => mailbox.TryPost(action);

    void IProbeHost.Post(Action action) => Post(action);

    // A broken event sink must not leave a process half-way through a transition.
    private void Publish(Action<ISupervisorEvents> publish)
    {
        if (services.Events is { } events)
        {
            Guarded(() => publish(events));
        }
    }

    // A fault in one message (a throwing OS layer or event sink) must not stop supervision of everything else.
    private void Guarded(Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            ReportUncaught(e);
        }
    }

    private void ReportUncaught(Exception e) => Log.Log(LogLevel.Critical, $"uncaught exception in the supervisor loop: {e}");

    private void Wake()
    {
        if (Interlocked.Exchange(ref wakePosted, 1) == 0)
        {
            Post(() =>
            {
                Volatile.Write(ref wakePosted, 0);
                // The one-shot timer has fired: whatever comes next must be armed again.
                ArmedDeadline = null;
            });
        }
    }

    private ProcessGroup CreateGroup(GroupConfig group)
    {
        var isPool = group.Kind == GroupKind.EventListener && group.Listener is not null;
        var socket = FastCgiSocketFor(group);
        var created = new ProcessGroup(group, p => new Subprocess(this, group.Name, p, services.ChildLogs?.Create(group, p), isPool) { FastCgi = socket, Supervisord = group.Supervisord });
        if (isPool)
        {
            // Each envelope names the identifier of the moment: supervisord reads it at each send, so a reread shows.
            var live = services.Supervisord;
            var identifier = config.Supervisord.Identifier;
            created.Pool = new ListenerPool(group.Name, group.Listener!, created.Processes, () => live?.Value.Identifier ?? identifier, Log,
                services.ChildLogs?.ResultOutput(group.Name));
            hub.Add(created.Pool);
        }
        return created;
    }

    /// <summary>After the group (and its pool, which hears of itself) exists.</summary>
    private void GroupAdded(string name)
    {
        GraphChanged();
        awake = null;
        hub.Notify(EventPayloads.GroupAdded(name));
        Publish(e => e.GroupAdded(name));
    }

    /// <summary>After the group's pool stopped listening.</summary>
    private void GroupRemoved(ProcessGroup group)
    {
        if (group.Pool is { } pool)
        {
            hub.Remove(pool);
        }
        GraphChanged();
        awake = null;
        hub.Notify(EventPayloads.GroupRemoved(group.Name));
        Publish(e => e.GroupRemoved(group.Name));
    }

    private void OnChildExit(int pid, WaitStatus status)
    {
        if (pids.TryGetValue(pid, out var process))
        {
            process.OnExit(status);
            Awaken(process);
        }
        else if (ProbeExited(pid, status))
        {
            Log.Log(LogLevel.Debug, $"reaped probe pid {pid} ({status.Describe()})");
        }
        else
        {
            Log.Log(LogLevel.Info, $"reaped unknown pid {pid} ({status.Describe()})");
        }
        Log.Log(LogLevel.Debug, "received SIGCHLD indicating a child quit");
    }

    private void OnSignal(int signal)
    {
        switch (signal)
        {
            case Signals.TERM or Signals.INT or Signals.QUIT:
                Log.Log(LogLevel.Warn, $"received {Signals.Name(signal)} indicating exit request");
                Mood = SupervisorMood.Shutdown;
                break;
            case Signals.HUP when Mood == SupervisorMood.Shutdown:
                Log.Log(LogLevel.Warn, $"ignored {Signals.Name(signal)} indicating restart request (shutdown in progress)");
                break;
            case Signals.HUP:
                Log.Log(LogLevel.Warn, $"received {Signals.Name(signal)} indicating restart request");
                Mood = SupervisorMood.Restarting;
                break;
            case Signals.CHLD:
                Log.Log(LogLevel.Debug, $"received {Signals.Name(signal)} indicating a child quit");
                break;
            case Signals.USR2:
                Log.Log(LogLevel.Info, $"received {Signals.Name(signal)} indicating log reopen request");
                ReopenLogs();
                break;
            default:
                Log.Log(LogLevel.Blather, $"received {Signals.Name(signal)} indicating nothing");
                break;
        }
    }

    private void ReopenLogs()
    {
        Log.Log(LogLevel.Info, "supervisord logreopen");
        (Log as IReopenable)?.Reopen();
        foreach (var process in groups.SelectMany(g => g.Processes))
        {
            process.Logs?.Reopen();
        }
    }

    /// <summary>One loop pass after a message: transitions in group order, the shutdown sequence, reports, timer.</summary>
    private void AfterMessage()
    {
        if (finished)
        {
            return;
        }
        try
        {
            ReportShutdownCause();
            if (Mood != SupervisorMood.Running)
            {
                AdvanceStopGroups();
            }
            if (TransitionAll())
            {
                // Upstream's next pass, without its up-to-1 s wait: startsecs=0 spawns become RUNNING, in group order.
                TransitionAll();
            }
            TransitionDependents();
            ReportShutdownCause();
            if (Mood != SupervisorMood.Running)
            {
                AdvanceStopGroups();
                ReportShutdown();
            }
            ticks.Emit(WallNow, notifyHub);
            hub.DispatchAll();
            waiters.ReportStops();
        }
        finally
        {
            // Whatever threw, every other deadline stays armed and the view current.
            ArmTimer();
            PublishView();
        }
    }

    private bool TransitionAll()
    {
        if (ShutdownPasses)
        {
            return TransitionAwake();
        }
        var again = false;
        for (var g = 0; g < groups.Count; g++)
        {
            var processes = groups[g].Processes;
            for (var p = 0; p < processes.Count; p++)
            {
                again |= TransitionGuarded(processes[p]);
            }
        }
        return again;
    }

    // A bug that throws in one process's pass must not skip every process after it, pass after pass.
    private bool TransitionGuarded(Subprocess process)
    {
        try
        {
            return process.Transition();
        }
        catch (Exception e)
        {
            ReportUncaught(e);
            return false;
        }
    }

    /// <summary>§5.4: stop the highest-priority remaining group; move on only once all of it is stopped.</summary>
    private void AdvanceStopGroups()
    {
        if (stopGroups is null)
        {
            // Nothing is spawned from here on: no process waits for its dependencies any more.
            ForgetWaits();
            stopGroups = [.. groups];
            hub.Notify(EventPayloads.SupervisorStopping());
            Publish(e => e.SupervisorStopping());
        }
        if (AnyDependsOn)
        {
            AdvanceStopInDependencyOrder();
            return;
        }
        while (stopGroups.Count > 0)
        {
            var last = stopGroups[^1];
            if (last.Pool is { } pool && Draining(pool))
            {
                return;
            }
            last.StopAll();
            if (last.UnstoppedCount > 0)
            {
                return;
            }
            stopGroups.RemoveAt(stopGroups.Count - 1);
        }
    }

    private bool Draining(ListenerPool pool)
    {
        if (!pool.HasWorkInProgress)
        {
            drainUntil = null;
            return false;
        }
        drainUntil ??= Now + ShutdownDrain;
        if (Now < drainUntil)
        {
            return true;
        }
        drainUntil = null;
        return false;
    }

    private void ReportShutdown()
    {
        if (unstopped == 0)
        {
            exit = Mood == SupervisorMood.Shutdown ? SupervisorExit.Shutdown : SupervisorExit.Restart;
            return;
        }
        if (lastShutdownReport is not { } last || Now >= last + ShutdownReportEvery)
        {
            var names = groups.SelectMany(g => g.Unstopped).Select(p => p.Name);
            Log.Log(LogLevel.Info, $"waiting for {string.Join(", ", names)} to die");
            lastShutdownReport = Now;
        }
    }

    private void ArmTimer()
    {
        TimeSpan? next = waiters.NextReport;
        if (ShutdownPasses)
        {
            next = NextAwakeDeadline(next);
        }
        else
        {
            for (var g = 0; g < groups.Count; g++)
            {
                var processes = groups[g].Processes;
                for (var p = 0; p < processes.Count; p++)
                {
                    next = Earliest(next, processes[p].NextDeadline);
                }
            }
        }
        if (Mood != SupervisorMood.Running && exit is null && lastShutdownReport is { } last)
        {
            next = Earliest(next, last + ShutdownReportEvery);
        }
        next = Earliest(next, NextTick());
        if (Mood != SupervisorMood.Running && exit is null)
        {
            next = Earliest(next, drainUntil);
        }
        if (next == ArmedDeadline)
        {
            return;
        }
        ArmedDeadline = next;
        if (next is not { } due)
        {
            timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }
        // System timers truncate to whole milliseconds; rounding up keeps a wake from landing before its deadline.
        // A timer waits at most about 49.7 days (and throws beyond); a longer deadline wakes early, finds nothing
        // due and arms again.
        var delay = Math.Clamp(Math.Ceiling((due - Now).TotalMilliseconds), 0, LongestTimerWait);
        timer.Change(TimeSpan.FromMilliseconds(delay), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The next tick boundary some pool listens for; none keeps the idle loop asleep.</summary>
    private TimeSpan? NextTick()
    {
        var wall = WallNow;
        DateTimeOffset? boundary = null;
        foreach (var period in TickClock.Periods)
        {
            if (hub.AnySubscribes(EventTypes.Tick(period)))
            {
                var next = TickClock.NextBoundary(period, wall);
                boundary = boundary is { } b && b <= next ? b : next;
            }
        }
        if (boundary is not { } target)
        {
            return null;
        }
        // Converted once per boundary: a deadline recomputed at every pass would drift by microseconds and
        // re-arm the timer each time.
        if (tickTarget != target)
        {
            tickTarget = target;
            tickDue = Now + (target - wall) + AfterBoundary;
        }
        return tickDue;
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    void IProcessOwner.PidStarted(int pid, Subprocess process)
    {
        pids[pid] = process;
        MarkChanged(process);
        Awaken(process);
    }

    void IProcessOwner.PidEnded(int pid)
    {
        if (pids.Remove(pid, out var process))
        {
            MarkChanged(process);
            Awaken(process);
        }
    }

    void IProcessOwner.Changed(Subprocess process)
    {
        // A probe's late answer may arrive for a process whose group has been removed since.
        if (members.ContainsKey(process))
        {
            MarkChanged(process);
        }
    }

    void IProcessOwner.StateChanged(Subprocess process, ProcessState from, int pid, bool expected)
    {
        MarkChanged(process);
        Awaken(process);
        if (members.TryGetValue(process, out var member))
        {
            member.Group.StateChanged(from, process.State);
            unstopped += (from.IsStopped() ? 1 : 0) - (process.State.IsStopped() ? 1 : 0);
        }
        var change = new ProcessStateChange(process.Name, process.GroupName, from, process.State, pid, process.Backoff, expected);
        hub.Notify(EventPayloads.ProcessState(change));
        Publish(e => e.ProcessStateChanged(change));
        waiters.OnStateChanged(process);
        AfterStateChange(process, from);
    }

    public void Dispose()
    {
        timer.Dispose();
        foreach (var group in groups)
        {
            group.DisposeLogs();
        }
        NotifySocket.DeleteDirectoryIfEmpty();
    }
}
