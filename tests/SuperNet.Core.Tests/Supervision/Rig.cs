using Microsoft.Extensions.Time.Testing;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// A Supervisor on its own thread with fake OS effects and fake time. Every helper waits until the loop has
/// handled everything posted before it, so assertions see a settled state.
/// </summary>
internal sealed class Rig : IAsyncDisposable
{
    /// <summary>2026-11-27 07:09:00 UTC, a Friday morning.</summary>
    public static readonly DateTimeOffset T0 = new(2026, 11, 27, 7, 9, 0, TimeSpan.Zero);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public FakeTimeProvider Time { get; } = new(T0);
    public FakeSpawner Spawner { get; } = new();
    public FakeSignaller Signaller { get; } = new();
    public FakePump Pump { get; } = new();
    public FakeProbe Probe { get; } = new();
    public RecordingLog Log { get; } = new();
    public RecordingEvents Events { get; } = new();
    public FakeChildLogs ChildLogs { get; } = new();
    private readonly Supervisor supervisor;

    /// <summary>Touching the supervisor starts its loop, so a test can set the fakes up before that.</summary>
    public Supervisor Supervisor
    {
        get
        {
            _ = Running;
            return supervisor;
        }
    }
    private Task<SupervisorExit>? running;

    /// <summary>The loop starts at the first helper call, so a test can set the fakes up first.</summary>
    public Task<SupervisorExit> Running => running ??= supervisor.RunAsync();
    public TimeSpan Elapsed => Time.GetUtcNow() - T0;

    public Rig(params GroupConfig[] groups)
        : this(new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/root" }, [], groups)
    {
    }

    public Rig(IFastCgiSocketFactory fastCgiSockets, params GroupConfig[] groups)
        : this(new SupervisorConfig
        {
            ConfigFile = "/etc/supervisord.conf",
            Supervisord = new SupervisordOptions(),
            Groups = groups,
        }, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin", ["HOME"] = "/root" }, null, fastCgiSockets)
    {
    }

    public Rig(IReadOnlyDictionary<string, string> daemonEnvironment, IReadOnlyList<ServerConfig> servers, params GroupConfig[] groups)
        : this(new SupervisorConfig
        {
            ConfigFile = "/etc/supervisord.conf",
            Supervisord = new SupervisordOptions(),
            Servers = servers,
            Groups = groups,
        }, daemonEnvironment, null)
    {
    }

    /// <param name="childLogs">Real child logs, for callers that read them; null: <see cref="ChildLogs"/>.</param>
    public Rig(SupervisorConfig config, IReadOnlyDictionary<string, string> daemonEnvironment, IChildLogFactory? childLogs,
        IFastCgiSocketFactory? fastCgiSockets = null)
    {
        Time.SetLocalTimeZone(TimeZoneInfo.Utc);
        Spawner.Clock = () => Elapsed;
        Pump.CurrentPid = () => Spawner.LastPid;
        supervisor = new Supervisor(config, new SupervisorServices
        {
            Time = Time,
            Log = Log,
            Spawner = Spawner,
            Signaller = Signaller,
            Pump = Pump,
            Probe = Probe,
            Files = PlainFileOpener.Instance,
            Splitter = new SimpleSplitter(),
            DaemonEnvironment = daemonEnvironment,
            ChildLogs = childLogs ?? ChildLogs,
            Events = Events,
            FastCgiSockets = fastCgiSockets,
        });
    }

    public static ProcessConfig Program(string name, string command = "/bin/sleep 100", int priority = 999) => new()
    {
        Name = name,
        ProgramName = name,
        Section = "program:" + name,
        Command = command,
        Priority = priority,
    };

    public static GroupConfig Group(string name, int priority, params ProcessConfig[] processes) =>
        new() { Name = name, Priority = priority, Processes = processes };

    /// <summary>A homonymous group holding one program, as [program:x] makes.</summary>
    public static GroupConfig Single(ProcessConfig process) =>
        new() { Name = process.Name, Priority = process.Priority, Processes = [process] };

    /// <summary>Waits until the loop has handled (and published) everything posted before; at once once it has ended.</summary>
    public async Task Sync()
    {
        try
        {
            await Supervisor.InvokeAsync(() => 0).WaitAsync(Deadline);
        }
        catch (SupervisorEndedException)
        {
        }
    }

    /// <summary>The published view's facts (getProcessInfo itself faults during shutdown).</summary>
    public async Task<ProcessInfo> Info(string namespec)
    {
        await Sync();
        var info = ByName.Find(Supervisor, namespec)?.Info(Time.GetUtcNow(), TimeZoneInfo.Utc);
        Assert.True(info is not null, "no process " + namespec);
        return info;
    }

    public async Task<ProcessState> State(string namespec) => (await Info(namespec)).State;

    public async Task<int> Pid(string namespec) => (await Info(namespec)).Pid;

    public Task<TimeSpan?> ArmedDeadline()
    {
        return Supervisor.InvokeAsync(() => Supervisor.ArmedDeadline).WaitAsync(Deadline);
    }

    /// <summary>Moves fake time forward to <paramref name="target"/> (since T0), stopping at every armed deadline on the way.</summary>
    public async Task AdvanceTo(TimeSpan target)
    {
        while (true)
        {
            await Sync();
            var now = Elapsed;
            var armed = await ArmedDeadline();
            // ArmedDeadline is relative to the supervisor's origin, which is T0.
            if (armed is { } due && due <= target)
            {
                var step = due > now ? due - now : TimeSpan.Zero;
                if (step == TimeSpan.Zero)
                {
                    step = TimeSpan.FromMilliseconds(1);
                }
                Time.Advance(step);
                continue;
            }
            if (target > now)
            {
                Time.Advance(target - now);
            }
            await Sync();
            return;
        }
    }

    public Task Advance(TimeSpan by) => AdvanceTo(Elapsed + by);

    /// <summary>Moves fake time from deadline to deadline until <paramref name="condition"/> holds.</summary>
    public async Task AdvanceUntil(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 1000; i++)
        {
            await Sync();
            if (await condition())
            {
                return;
            }
            var armed = await ArmedDeadline();
            if (armed is null)
            {
                // Nothing left for fake time to do; what remains may be a task completing off the supervisor
                // thread (a waiter's continuation), which a loaded machine can delay.
                await SettleOffThread(condition);
                return;
            }
            var step = armed.Value - Elapsed;
            Time.Advance(step > TimeSpan.Zero ? step : TimeSpan.FromMilliseconds(1));
        }
        Assert.Fail("condition never held");
    }

    private static async Task SettleOffThread(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "nothing is scheduled and the condition does not hold");
            await Task.Delay(10);
        }
    }

    /// <summary>Makes the current child exit at once, again and again, until the process is FATAL.</summary>
    public async Task FailUntilFatal(string namespec, int code = 0)
    {
        while (await State(namespec) != ProcessState.Fatal)
        {
            if (await Pid(namespec) != 0)
            {
                await ExitCode(namespec, code);
            }
            var spawns = Spawner.Count;
            await AdvanceUntil(async () => Spawner.Count > spawns || await State(namespec) == ProcessState.Fatal);
        }
    }

    /// <summary>The child's pipes reach end of file, then it is reaped: the usual order for a child without children.</summary>
    public async Task Exit(int pid, WaitStatus status)
    {
        Pump.Close(pid);
        Supervisor.PostChildExit(pid, status);
        await Sync();
    }

    public Task ExitCode(string namespec, int code) => ExitWith(namespec, WaitStatus.FromExitCode(code));

    public async Task ExitWith(string namespec, WaitStatus status)
    {
        var pid = await Pid(namespec);
        Assert.NotEqual(0, pid);
        await Exit(pid, status);
    }

    public async Task Signal(int signal)
    {
        Supervisor.PostSignal(signal);
        await Sync();
    }

    public async ValueTask DisposeAsync()
    {
        if (running is null)
        {
            supervisor.Dispose();
            return;
        }
        if (!Running.IsCompleted)
        {
            Supervisor.PostSignal(Signals.TERM);
            // Reap whatever the shutdown signals, until the loop ends.
            for (var i = 0; i < 100 && !Running.IsCompleted; i++)
            {
                await Sync();
                var alive = Supervisor.View.Groups.SelectMany(g => g.Processes).Where(p => p.Pid != 0).Select(p => p.Pid).ToList();
                foreach (var pid in alive)
                {
                    Pump.Close(pid);
                    Supervisor.PostChildExit(pid, WaitStatus.FromSignal(Signals.TERM));
                }
            }
            try
            {
                await Running.WaitAsync(Deadline);
            }
            catch (TimeoutException)
            {
                Assert.Fail("the supervisor did not stop: " + string.Join(", ",
                    Supervisor.View.Groups.SelectMany(g => g.Processes).Select(p => $"{p.Namespec} {p.State} pid {p.Pid}"))
                    + "\n" + string.Join("\n", Log.Messages.TakeLast(30)));
            }
        }
        Supervisor.Dispose();
    }
}
