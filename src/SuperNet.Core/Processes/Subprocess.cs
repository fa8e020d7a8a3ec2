using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Processes;

/// <summary>
/// One supervised process: supervisord's per-process state machine (contract §3.2-§3.6). Lives on the
/// supervisor thread; every member must be used from there. Timing is precise: the owner calls
/// <see cref="Transition"/> after every message and arms its timer at <see cref="NextDeadline"/>.
/// </summary>
public sealed class Subprocess
{
    // Re-sending SIGKILL every 0 s would spin the loop; upstream re-sends at most once per 1 s pass.
    private static readonly TimeSpan MinKillRepeat = TimeSpan.FromSeconds(1);
    // RUNNING needs elapsed > startsecs (strictly), so the check runs just after the boundary.
    private static readonly TimeSpan StrictlyAfter = TimeSpan.FromMilliseconds(1);
    // An exit reaped while the child's pipes are still open is finished once the pump has read what they hold,
    // so what it wrote before exiting is logged (and its events sent) first: supervisord reads its pipes before
    // it finishes an exit. This bounds the wait for a pump that does not answer (a log write stuck on a disk).
    private static readonly TimeSpan OutputDrain = TimeSpan.FromSeconds(1);

    private readonly IProcessOwner owner;
    private TimeSpan startedAt;
    private TimeSpan? deadline;
    private bool killing;
    private StdinWriter? stdin;
    // Output read from a pipe after its spawn ended must not drive the listener protocol of the next spawn.
    private int spawnCount;
    private int openPipes;
    // The current spawn's read ends, to name them to the pump's drain (the pump owns them).
    private SafeFileHandle[] readEnds = [];
    private Reap? held;
    private readonly RestartPacer pacer;
    // The length of the current BACKOFF wait, for the view.
    private TimeSpan backoffDelay;
    private readonly ReadinessGate readiness;
    private readonly HealthMonitor health;
    // ready_timeout passed: the stop signal went out while STARTING; SIGKILL follows at this time.
    private TimeSpan? readyKillAt;
    private bool holdsSocket;
    // A stop took back the autostart that was still waiting on depends_on.
    private bool autostartDropped;

    internal Subprocess(IProcessOwner owner, string groupName, ProcessConfig config, IProcessLogs? logs, bool isListener = false)
    {
        this.owner = owner;
        GroupName = groupName;
        Config = config;
        Logs = logs;
        pacer = new RestartPacer(config.Restart);
        if (isListener)
        {
            Listener = new ListenerChannel(config.Name, owner.Log, rejected => owner.Events.Reject(rejected, this));
        }
        readiness = new ReadinessGate(config.Name, config.Container, owner, ProbeCommand, () => owner.Changed(this));
        health = new HealthMonitor(config.Name, config.Container, owner, ProbeCommand, Unhealthy, () => owner.Changed(this));
    }

    public ProcessConfig Config { get; }
    public string GroupName { get; }
    public string Name => Config.Name;
    public ProcessState State { get; private set; } = ProcessState.Stopped;
    /// <summary>0 when no child is alive.</summary>
    public int Pid { get; private set; }
    /// <summary>Wall time of the last spawn attempt; null if never started.</summary>
    public DateTimeOffset? LastStart { get; private set; }
    /// <summary>Wall time of the last reaped exit; null if never.</summary>
    public DateTimeOffset? LastStop { get; private set; }
    public string? SpawnErr { get; private set; }
    /// <summary>Null until an exit is recorded, and after a too-quick exit (reported as 0).</summary>
    public int? ExitStatus { get; private set; }
    /// <summary>The backoff counter (the "tries" of STARTING/BACKOFF events).</summary>
    public int Backoff { get; private set; }
    /// <summary>The current BACKOFF wait and the wall time it ends; null in any other state or while starts are held.</summary>
    public RestartWait? PendingRestart => State == ProcessState.Backoff && StateDeadline is { } due
        ? new RestartWait(backoffDelay, owner.WallNow + (due - owner.Now))
        : null;
    /// <summary>True while a stop (stopsignal, then SIGKILL) is in progress and the child is still alive.</summary>
    public bool IsKilling => killing;
    internal IProcessLogs? Logs { get; }
    /// <summary>The event listener protocol state; null unless this is a process of an [eventlistener:x] pool.</summary>
    public ListenerChannel? Listener { get; }
    /// <summary>RUNNING and, with ready=, reported or probed ready: what depends_on and `health` wait for.</summary>
    public bool IsReady => State == ProcessState.Running && readiness.Ready;
    /// <summary>The last STATUS= (ready=notify) or probe answer; "" when none.</summary>
    public string ReadyStatus => readiness.Status;
    /// <summary>healthcheck= state: "", "starting", "healthy" or "unhealthy".</summary>
    public string Health => health.State;
    /// <summary>A start asked for while its dependencies were not ready (or a healthcheck restart): spawned once they are.</summary>
    public bool StartQueued { get; internal set; }
    /// <summary>The last reaped exit of this process; null before the first.</summary>
    public WaitStatus? LastExit { get; private set; }
    /// <summary>Bytes read from the child's stdout and stderr pipes, for /metrics.</summary>
    public OutputCounter Output { get; } = new();
    /// <summary>Spawns, exits and start latency for /metrics.</summary>
    public ProcessCounts Counts { get; private set; } = ProcessCounts.None;
    /// <summary>The shared fd 0 of an [fcgi-program:x] group's processes; null for every other process.</summary>
    internal FastCgiSocket? FastCgi { get; init; }
    /// <summary>The [supervisord] options of the parse this process's group came from (its environment); null: the running one's.</summary>
    internal SupervisordOptions? Supervisord { get; init; }

    /// <summary>The next time <see cref="Transition"/> has something to do, or null when nothing is pending.</summary>
    internal TimeSpan? NextDeadline => held is { } reap ? reap.At + OutputDrain : Earliest(StateDeadline, ReadinessDeadline);

    /// <summary>
    /// With starts refused, a pass has nothing to do for this process and it has no deadline until it changes
    /// state or is reaped (the supervisor hears of both): stopped, or RUNNING with no health check scheduled (none is,
    /// once starts are refused) and no exit held.
    /// </summary>
    internal bool InertWhileStartsRefused =>
        held is null && (State.IsStopped() || State == ProcessState.Running && health.Idle);

    private TimeSpan? ReadinessDeadline => State switch
    {
        ProcessState.Starting when Pid != 0 => readyKillAt ?? readiness.NextDeadline,
        ProcessState.Running => health.NextDeadline,
        _ => null,
    };

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    private TimeSpan? StateDeadline => State switch
    {
        // Not yet ready: readiness (a probe answer, a notification) is what moves it on, not the clock.
        ProcessState.Starting when Pid != 0 && readiness.Ready => startedAt + TimeSpan.FromSeconds(Config.StartSecs) + StrictlyAfter,
        // A restart still due after its pass waits on a dependency: that dependency's own change wakes the
        // loop, so a passed time is not armed again (it would fire at once, forever). A time that passed since
        // the pass read the clock is armed: dropping it would disarm the timer before it fires, and the
        // restart would wait for some unrelated wake.
        ProcessState.Backoff when owner.StartsAllowed && Backoff <= Config.StartRetries && deadline is { } due
            && (due > owner.Now || owner.DependenciesMet(this)) => deadline,
        ProcessState.Exited when owner.StartsAllowed && ShouldAutorestart()
            && (PacedRespawn > owner.Now || owner.DependenciesMet(this)) => PacedRespawn,
        ProcessState.Stopping => deadline,
        _ => null,
    };

    /// <summary>supervisord's transition(): the time- and mood-driven moves (§3.3).</summary>
    /// <returns>True when this pass spawned a startsecs=0 process: the owner runs another pass at once to make it RUNNING.</returns>
    internal bool Transition()
    {
        var now = owner.Now;
        if (held is { } reap)
        {
            if (now < reap.At + OutputDrain)
            {
                // The child is gone: nothing that assumes it alive (RUNNING, SIGKILL) may happen meanwhile.
                return false;
            }
            Finish(reap);
        }
        // As upstream, a process spawned in this pass is judged for RUNNING in the next one, so all the
        // STARTING of one pass come before any RUNNING (what event listeners see).
        var before = State;
        if (owner.StartsAllowed)
        {
            switch (State)
            {
                case ProcessState.Exited when ShouldAutorestart() && now >= PacedRespawn && owner.DependenciesReady(this):
                case ProcessState.Stopped when AutostartDue && owner.DependenciesReady(this):
                case ProcessState.Backoff when Backoff <= Config.StartRetries && deadline is { } due && now >= due && owner.DependenciesReady(this):
                case ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal when StartQueued && owner.DependenciesReady(this):
                    Spawn();
                    break;
            }
        }
        PollReadiness(now);
        switch (State)
        {
            case ProcessState.Starting when before == ProcessState.Starting && Pid != 0 && readiness.Ready
                && (Config.StartSecs == 0 || now - startedAt > TimeSpan.FromSeconds(Config.StartSecs)):
                deadline = null;
                Backoff = 0;
                ChangeState(ProcessState.Running);
                owner.Log.Log(LogLevel.Info, readiness.Probe.Kind == ProbeKind.Started
                    ? $"success: {Name} entered RUNNING state, process has stayed up for > than {Config.StartSecs} seconds (startsecs)"
                    : $"success: {Name} entered RUNNING state, process is ready ({readiness.Probe.Text})");
                break;
            case ProcessState.Backoff when Backoff > Config.StartRetries:
                GiveUp();
                owner.Log.Log(LogLevel.Info, $"gave up: {Name} entered FATAL state, too many start retries too quickly");
                break;
            case ProcessState.Stopping when deadline is { } due && now >= due:
                owner.Log.Log(LogLevel.Warn, $"killing '{Name}' ({Pid}) with SIGKILL");
                Kill(Signals.KILL);
                break;
        }
        return before != ProcessState.Starting && State == ProcessState.Starting && Pid != 0 && Config.StartSecs == 0;
    }

    private TimeSpan PacedRespawn => startedAt + RestartPacer.MinimumGap;

    /// <summary>The probes' share of a pass: ready= while STARTING (and its timeout), healthcheck= while RUNNING.</summary>
    private void PollReadiness(TimeSpan now)
    {
        if (State == ProcessState.Running)
        {
            if (owner.StartsAllowed)
            {
                health.Poll();
            }
            else
            {
                // Shutting down or reloading: a failed check would "restart" (stop) the process ahead of its turn,
                // before its dependents or a higher-priority group, and no start would follow.
                health.Stop();
            }
            return;
        }
        if (State != ProcessState.Starting || Pid == 0)
        {
            return;
        }
        if (readyKillAt is { } killAt)
        {
            if (now >= killAt)
            {
                owner.Log.Log(LogLevel.Warn, $"killing '{Name}' ({Pid}) with SIGKILL");
                owner.Signaller.Signal(Pid, Signals.KILL, Config.KillAsGroup);
                readyKillAt = now + MinKillRepeat;
            }
            return;
        }
        if (!owner.StartsAllowed)
        {
            // Shutting down or reloading: a probe reaching ready_timeout would stop the process as a failed start
            // ahead of its turn (before its dependents or a higher-priority group), logged as a failure.
            readiness.Suspend();
            return;
        }
        if (readiness.Poll())
        {
            owner.Log.Log(LogLevel.Warn, $"{Name} {readiness.Failure}; stopping it as a failed start");
            owner.Signaller.Signal(Pid, Config.StopSignal, Config.StopAsGroup);
            readyKillAt = now + TimeSpan.FromSeconds(Config.StopWaitSecs);
        }
    }

    /// <summary>healthcheck_retries failures in a row: restart, as a stop followed by a start.</summary>
    private void Unhealthy(string lastOutput)
    {
        owner.Log.Log(LogLevel.Warn, $"unhealthy: {Name} failed {Config.Container.HealthcheckRetries} healthchecks in a row, restarting it; last output: {lastOutput}");
        if (Stop() is null)
        {
            StartQueued = true;
        }
    }

    /// <summary>exec: probes run as the program would: its environment, directory, user and umask.</summary>
    private SpawnRequest ProbeCommand(string command) => new()
    {
        Path = "/bin/sh",
        Argv = ["/bin/sh", "-c", command],
        Environment = owner.Environment.Build(GroupName, Config, Supervisord).Entries,
        Directory = Config.Directory,
        Umask = Config.Umask,
        User = Config.User,
    };

    /// <summary>EXITED with one of its exitcodes: a finished job, what depends_on and exit_when_done count as done well.</summary>
    internal bool ExitedAsExpected => State == ProcessState.Exited && Config.ExitCodes.Contains(ExitStatus ?? -1);

    /// <summary>True when this process will be started again after its exit (autorestart).</summary>
    internal bool WillRestart => ShouldAutorestart();

    private bool ShouldAutorestart() => Config.AutoRestart switch
    {
        AutoRestart.True => true,
        AutoRestart.Unexpected => !Config.ExitCodes.Contains(ExitStatus ?? 0),
        _ => false,
    };

    /// <summary>Starts the child (§3.2); failures end in BACKOFF with spawnerr.</summary>
    internal void Spawn()
    {
        if (Pid != 0)
        {
            owner.Log.Log(LogLevel.Warn, $"process '{Name}' already running");
            return;
        }
        killing = false;
        StartQueued = false;
        readyKillAt = null;
        SpawnErr = null;
        ExitStatus = null;
        LastStart = owner.WallNow;
        startedAt = owner.Now;
        Counts = Counts.Spawned();
        ChangeState(ProcessState.Starting);

        if (!TryAcquireSocket(out var socket))
        {
            EnterBackoff(failedStart: true, TimeSpan.Zero);
            return;
        }
        SpawnEnvironment environment;
        try
        {
            environment = owner.Environment.Build(GroupName, Config, Supervisord);
        }
        catch (EnvironmentFileException e)
        {
            RecordSpawnErr(e.Message);
            ReleaseSocket();
            EnterBackoff(failedStart: true, TimeSpan.Zero);
            return;
        }
        var resolved = owner.Resolver.Resolve(Config.Command, environment.ProgramPath, owner.Environment.DaemonPath);
        if (!resolved.Succeeded)
        {
            RecordSpawnErr(resolved.Error);
            ReleaseSocket();
            EnterBackoff(failedStart: true, TimeSpan.Zero);
            return;
        }
        // Opened before the fork, as supervisord makes its dispatchers: a log that cannot be opened is this spawn's
        // error (BACKOFF, then FATAL), not a child running with its output going nowhere.
        var spawnedPid = new StrongBox<int>();
        OutputSinks sinks;
        try
        {
            sinks = OpenSinks(spawnedPid);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            RecordSpawnErr(SpawnErrors.ForLogOpen(e, Name));
            ReleaseSocket();
            EnterBackoff(failedStart: true, TimeSpan.Zero);
            return;
        }
        SpawnResult result;
        try
        {
            var (notifyVariable, notifyFd) = readiness.Prepare();
            result = owner.Spawner.Spawn(new SpawnRequest
            {
                Stdin = socket,
                Path = resolved.Path,
                Argv = resolved.Argv,
                Environment = notifyVariable is null ? environment.Entries : [.. environment.Entries, notifyVariable],
                Directory = Config.Directory,
                Umask = Config.Umask,
                User = Config.User,
                RedirectStderr = Config.RedirectStderr,
                NotifyFd = notifyFd,
            });
        }
        catch (NotifySocketException e)
        {
            result = new SpawnResult(0, null, 0, $"'{Name}' {e.Message}");
        }
        catch (Exception e)
        {
            // A STARTING process without a child could never be stopped; treat it as a failed fork.
            result = new SpawnResult(0, null, 0, $"unknown error during fork for '{Name}': {e.Message}");
        }
        if (!result.Succeeded)
        {
            readiness.End();
            RecordSpawnErr(result.Error ?? SpawnErrors.ForErrno(result.Errno, Name));
            ReleaseSocket();
            EnterBackoff(failedStart: true, TimeSpan.Zero);
            return;
        }
        Pid = result.Pid;
        spawnedPid.Value = Pid;
        readiness.Spawned(result.Pipes?.Notify);
        spawnCount++;
        Listener?.Reset();
        owner.PidStarted(Pid, this);
        owner.Log.Log(LogLevel.Info, $"spawned: '{Name}' with pid {Pid}");
        held = null;
        openPipes = 0;
        readEnds = [];
        if (result.Pipes is { } pipes)
        {
            AttachPipes(pipes, sinks);
        }
    }

    /// <summary>
    /// supervisord takes the group's socket before every spawn and drops it when the spawn fails or the child
    /// is reaped. A socket that cannot be made is this spawn's error (supervisord lets the exception escape).
    /// </summary>
    private bool TryAcquireSocket(out SafeHandle? socket)
    {
        socket = null;
        if (FastCgi is not { } shared)
        {
            return true;
        }
        try
        {
            socket = shared.Acquire();
            holdsSocket = true;
            return true;
        }
        catch (FastCgiSocketException e)
        {
            RecordSpawnErr($"Could not create FastCGI socket {shared.Url}: {e.Message}");
            return false;
        }
    }

    private void ReleaseSocket()
    {
        if (holdsSocket)
        {
            holdsSocket = false;
            FastCgi!.Release();
        }
    }

    /// <summary>
    /// startProcess's pre-check: the command looked up as a spawn now would, in the PATH its environment_file sets
    /// too, or a start refused as NO_FILE would be one that autostart runs. Null when a file cannot be read: the
    /// spawn fails on it, with an error that names the file.
    /// </summary>
    internal CommandResolution? Resolve()
    {
        string? path;
        try
        {
            path = owner.Environment.SpawnPath(GroupName, Config, Supervisord);
        }
        catch (EnvironmentFileException)
        {
            return null;
        }
        return owner.Resolver.Resolve(Config.Command, path, owner.Environment.DaemonPath);
    }

    /// <summary>The sinks of one spawn's pipes; Stderr is null when stderr is redirected into stdout.</summary>
    private readonly record struct OutputSinks(IOutputSink Stdout, IOutputSink? Stderr, ProtocolBacklog? Backlog);

    private OutputSinks OpenSinks(StrongBox<int> pid)
    {
        IOutputSink stdoutSink;
        ProtocolBacklog? backlog = null;
        if (Listener is null)
        {
            stdoutSink = OutputSink(ChildChannel.Stdout, pid);
        }
        else
        {
            backlog = new ProtocolBacklog();
            stdoutSink = Logs?.OpenSink(ChildChannel.Stdout.Name(), OutputHooks.Protocol) ?? DiscardSink.Instance;
        }
        return new OutputSinks(stdoutSink, Config.RedirectStderr ? null : OutputSink(ChildChannel.Stderr, pid), backlog);
    }

    private void AttachPipes(ChildPipes pipes, OutputSinks sinks)
    {
        stdin = new StdinWriter(pipes.Stdin);
        var spawn = spawnCount;
        readEnds = pipes.Stderr is { } err ? [pipes.Stdout, err] : [pipes.Stdout];
        void Watch(SafeFileHandle readEnd, IOutputSink sink, Action<byte[]>? reader = null, bool isStderr = false, ProtocolBacklog? backlog = null)
        {
            openPipes++;
            owner.Pump.Add(readEnd, new PipeSink(sink, reader, () => owner.Post(() => PipeClosed(spawn)), n => Output.Add(isStderr, n), backlog));
        }
        Watch(pipes.Stdout, sinks.Stdout, sinks.Backlog is { } backlog ? ProtocolReader(spawn, backlog) : null, backlog: sinks.Backlog);
        if (pipes.Stderr is { } stderr && sinks.Stderr is { } stderrSink)
        {
            Watch(stderr, stderrSink, isStderr: true);
        }
    }

    private void PipeClosed(int spawn)
    {
        if (spawn != spawnCount)
        {
            return;
        }
        openPipes--;
        if (openPipes == 0 && held is { } reap)
        {
            Finish(reap);
        }
    }

    // Opened before the fork: the events carry the pid the spawn then gets. The hooks run on the pump thread; the
    // events they make are notified on the owner thread.
    private IOutputSink OutputSink(ChildChannel channel, StrongBox<int> spawned)
    {
        var options = channel == ChildChannel.Stdout ? Config.Stdout : Config.Stderr;
        var hooks = new OutputHooks
        {
            OnCaptured = data => Notify(EventPayloads.Communication(Name, GroupName, spawned.Value, channel, data)),
            OnLogged = options.EventsEnabled ? data => Notify(EventPayloads.Log(Name, GroupName, spawned.Value, channel, data)) : null,
        };
        return Logs?.OpenSink(channel.Name(), hooks) ?? DiscardSink.Instance;
    }

    private void Notify(SupervisorEvent emitted) => owner.Post(() => owner.Events.Notify(emitted));

    // A listener's stdout is the protocol channel: logged as is, and read by the protocol on the owner thread.
    private Action<byte[]> ProtocolReader(int spawn, ProtocolBacklog backlog) => data =>
    {
        backlog.Handed(data.Length);
        owner.Post(() =>
        {
            backlog.Taken(data.Length);
            if (spawn == spawnCount)
            {
                Listener!.OnOutput(data);
            }
        });
    };

    private void RecordSpawnErr(string message)
    {
        SpawnErr = message;
        owner.Log.Log(LogLevel.Info, $"spawnerr: {message}");
    }

    /// <summary>Never started yet, autostart=true, and no stop has taken that start back.</summary>
    private bool AutostartDue => State == ProcessState.Stopped && LastStart is null && Config.AutoStart && !autostartDropped;

    /// <summary>A start still to come that a stop takes back: queued behind depends_on, or the autostart waiting on it.</summary>
    internal bool HasPendingStart => StartQueued || AutostartDue && !owner.DependenciesMet(this);

    /// <summary>
    /// A stop of a process whose start is still pending (queued behind depends_on, the autostart waiting on it, or
    /// the start that ends a healthcheck restart): that start is dropped, so a stop is never undone later.
    /// </summary>
    /// <returns>False when no start was pending.</returns>
    internal bool DropPendingStart()
    {
        if (!HasPendingStart)
        {
            return false;
        }
        StartQueued = false;
        autostartDropped = true;
        return true;
    }

    /// <summary>A stop request (§3.6). Returns null, or an error text for FAILED.</summary>
    internal string? Stop() => Kill(Config.StopSignal);

    /// <summary>supervisord's kill(): BACKOFF → STOPPED; otherwise signal and STOPPING with a fresh deadline.</summary>
    internal string? Kill(int signal)
    {
        if (State == ProcessState.Backoff)
        {
            owner.Log.Log(LogLevel.Debug, $"Attempted to kill {Name}, which is in BACKOFF state.");
            deadline = null;
            ChangeState(ProcessState.Stopped);
            return null;
        }
        if (Pid == 0)
        {
            var text = $"attempted to kill {Name} with sig {Signals.Name(signal)} but it wasn't running";
            owner.Log.Log(LogLevel.Debug, text);
            return text;
        }
        // The first signal follows stopasgroup; SIGKILLs sent while STOPPING follow killasgroup.
        var asGroup = State == ProcessState.Stopping ? Config.KillAsGroup : Config.StopAsGroup;
        owner.Log.Log(LogLevel.Debug,
            $"killing {Name} (pid {Pid}) {(asGroup ? "process group " : "")}with signal {Signals.Name(signal)}");
        killing = true;
        var wait = TimeSpan.FromSeconds(Config.StopWaitSecs);
        deadline = owner.Now + (State == ProcessState.Stopping && wait < MinKillRepeat ? MinKillRepeat : wait);
        ChangeState(ProcessState.Stopping);
        var errno = owner.Signaller.Signal(Pid, signal, asGroup);
        if (errno == 0)
        {
            return null;
        }
        if (errno == Errno.ESRCH)
        {
            // The exit will be reaped normally.
            owner.Log.Log(LogLevel.Debug,
                $"unable to signal {Name} (pid {Pid}), it probably just exited on its own: {Errno.Describe(errno)}");
            return null;
        }
        var message = $"unknown problem killing {Name} ({Pid}):{Errno.Describe(errno)}";
        owner.Log.Log(LogLevel.Critical, message);
        killing = false;
        deadline = null;
        ChangeState(ProcessState.Unknown);
        return message;
    }

    /// <summary>signalProcess: any signal to the pid only (never the group). Returns null, or an error text for FAILED.</summary>
    internal string? Signal(int signal)
    {
        if (Pid == 0)
        {
            var text = $"attempted to send {Name} sig {Signals.Name(signal)} but it wasn't running";
            owner.Log.Log(LogLevel.Debug, text);
            return text;
        }
        owner.Log.Log(LogLevel.Debug, $"sending {Name} (pid {Pid}) sig {Signals.Name(signal)}");
        var errno = owner.Signaller.Signal(Pid, signal, processGroup: false);
        if (errno == 0)
        {
            return null;
        }
        if (errno == Errno.ESRCH)
        {
            owner.Log.Log(LogLevel.Debug,
                $"unable to signal {Name} (pid {Pid}), it probably just now exited on its own: {Errno.Describe(errno)}");
            return null;
        }
        var message = $"unknown problem sending sig {Name} ({Pid}):{Errno.Describe(errno)}";
        owner.Log.Log(LogLevel.Critical, message);
        ChangeState(ProcessState.Unknown);
        return message;
    }

    /// <summary>Shutdown reaching this process: a running one is stopped, one waiting in BACKOFF gives up.</summary>
    internal void StopForShutdown()
    {
        FinishHeldExit();
        switch (State)
        {
            case ProcessState.Running:
            case ProcessState.Starting:
                Stop();
                break;
            case ProcessState.Backoff:
                GiveUp();
                break;
        }
    }

    /// <summary>BACKOFF → FATAL, by too many retries or by shutdown reaching this process's group.</summary>
    internal void GiveUp()
    {
        deadline = null;
        Backoff = 0;
        ChangeState(ProcessState.Fatal);
    }

    /// <summary>
    /// The child was reaped: finish now, or once the pump has read what its pipes still hold (at most
    /// <see cref="OutputDrain"/>).
    /// </summary>
    internal void OnExit(WaitStatus status)
    {
        var reap = new Reap(status, owner.Now, owner.WallNow);
        if (openPipes == 0)
        {
            Finish(reap);
            return;
        }
        held = reap;
        var spawn = spawnCount;
        owner.Pump.Drain(readEnds, () => owner.Post(() => Drained(spawn)));
    }

    /// <summary>
    /// A command reached this process while its reaped exit waits for the pump: supervisord finishes an exit when
    /// it reaps, so the command must find it finished, and a collected pid must never be signalled (it may already
    /// be another process's).
    /// </summary>
    internal void FinishHeldExit()
    {
        if (held is { } reap)
        {
            Finish(reap);
        }
    }

    // A grandchild may keep a pipe open: what is there now is all the exited child wrote.
    private void Drained(int spawn)
    {
        if (spawn == spawnCount && held is { } reap)
        {
            Finish(reap);
        }
    }

    /// <summary>supervisord's finish(), as of the moment of the reap (§3.4-§3.6).</summary>
    private void Finish(Reap reap)
    {
        held = null;
        var status = reap.Status;
        var now = reap.At;
        LastStop = reap.Wall;
        var code = status.ExitStatus;
        var how = status.Describe();
        var expected = Config.ExitCodes.Contains(code);
        var tooQuickly = now - startedAt < TimeSpan.FromSeconds(Config.StartSecs);
        var pid = Pid;
        LastExit = status;
        Counts = Counts.Exited(status);
        readyKillAt = null;
        readiness.End();

        if (State == ProcessState.Unknown)
        {
            // UNKNOWN never changes on its own; keep the facts of the exit.
            killing = false;
            ExitStatus = code;
            owner.Log.Log(expected ? LogLevel.Info : LogLevel.Warn, $"exited: {Name} ({how}; {(expected ? "expected" : "not expected")})");
        }
        else if (killing)
        {
            killing = false;
            deadline = null;
            ExitStatus = code;
            ChangeState(ProcessState.Stopped);
            owner.Log.Log(expected ? LogLevel.Info : LogLevel.Warn, $"stopped: {Name} ({how})");
        }
        else if (tooQuickly && State == ProcessState.Starting)
        {
            ExitStatus = null;
            SpawnErr = "Exited too quickly (process log may have details)";
            EnterBackoff(failedStart: true, now - startedAt);
            owner.Log.Log(LogLevel.Warn, $"exited: {Name} ({how}; not expected)");
        }
        else if (State == ProcessState.Starting && !readiness.Ready)
        {
            // ready= was not met: a failed start, whatever the time, so BACKOFF/FATAL apply as to a quick exit.
            ExitStatus = null;
            SpawnErr = readiness.Failure is { } failure
                ? $"Not ready: {failure}"
                : "Exited before it was ready (process log may have details)";
            EnterBackoff(failedStart: true, now - startedAt);
            owner.Log.Log(LogLevel.Warn, $"exited: {Name} ({how}; not expected)");
        }
        else
        {
            deadline = null;
            Backoff = 0;
            ExitStatus = code;
            if (State == ProcessState.Starting)
            {
                ChangeState(ProcessState.Running);
            }
            if (expected)
            {
                owner.Log.Log(LogLevel.Info, $"exited: {Name} ({how}; expected)");
            }
            else
            {
                SpawnErr = $"Bad exit code {code}";
                owner.Log.Log(LogLevel.Warn, $"exited: {Name} ({how}; not expected)");
            }
            ChangeState(ProcessState.Exited, expected);
            if (pacer.DelaysEveryRestart && owner.StartsAllowed && ShouldAutorestart())
            {
                // Opted in: the wait is visible as BACKOFF; it is not a failed start, so startretries is untouched.
                EnterBackoff(failedStart: false, now - startedAt);
            }
        }
        ReleaseSocket();

        owner.PidEnded(pid);
        Pid = 0;
        spawnCount++;
        stdin?.Close();
        stdin = null;
        // Last, as upstream: the state events of this exit come before the redelivery of the held event.
        Listener?.Exited();
    }

    /// <summary>Queues bytes for the child's stdin. False when there is no pipe or it broke (NO_FILE).</summary>
    internal bool WriteStdin(byte[] data)
    {
        if (stdin is null || stdin.IsBroken)
        {
            return false;
        }
        stdin.Write(data);
        return true;
    }

    /// <summary>
    /// Writes an event envelope to a listener's stdin. False at once when the pipe is known to be broken; a
    /// write that finds it broken later hands the event back, as upstream's synchronous EPIPE would have.
    /// </summary>
    internal bool SendEvent(byte[] envelope, SupervisorEvent sent)
    {
        if (Pid == 0 || killing || stdin is null || stdin.IsBroken)
        {
            return false;
        }
        var spawn = spawnCount;
        stdin.Write(envelope, () => owner.Post(() =>
        {
            // After an exit the held event was already handed back.
            if (spawn == spawnCount)
            {
                Listener!.Undelivered(sent);
            }
        }));
        return true;
    }

    private void ChangeState(ProcessState next, bool expected = true)
    {
        var previous = State;
        if (previous == next)
        {
            return;
        }
        State = next;
        if (next == ProcessState.Running)
        {
            Counts = Counts.Running(owner.Now - startedAt);
            health.Start();
        }
        else if (previous == ProcessState.Running)
        {
            health.Stop();
        }
        owner.StateChanged(this, previous, Pid, expected);
    }

    private void EnterBackoff(bool failedStart, TimeSpan uptime)
    {
        if (State == ProcessState.Backoff)
        {
            return;
        }
        if (failedStart)
        {
            // Counted before the state event: its "tries" is the new count.
            Backoff++;
        }
        backoffDelay = pacer.Next(Backoff, uptime);
        deadline = owner.Now + backoffDelay;
        ChangeState(ProcessState.Backoff);
    }
}

/// <summary>A reaped exit: its status and when it was reaped, on both clocks.</summary>
internal readonly record struct Reap(WaitStatus Status, TimeSpan At, DateTimeOffset Wall);

/// <summary>A BACKOFF wait: how long it is, and the wall time the next start is due.</summary>
public sealed record RestartWait(TimeSpan Delay, DateTimeOffset At);
