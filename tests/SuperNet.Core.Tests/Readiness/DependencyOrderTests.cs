using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Readiness;

/// <summary>depends_on= and critical= in the state machine, with fake processes and fake time.</summary>
public sealed class DependencyOrderTests
{
    private static ProcessConfig Program(string name, int priority = 999, int startSecs = 1, params string[] dependsOn) =>
        Rig.Program(name, priority: priority) with
        {
            StartSecs = startSecs,
            Container = new ContainerOptions { DependsOn = dependsOn },
        };

    private static List<string> SpawnedNames(Rig rig) =>
        [.. rig.Log.Messages.Where(m => m.StartsWith("spawned: ", StringComparison.Ordinal)).Select(m => m.Split('\'')[1])];

    [Fact]
    public async Task Each_program_spawns_once_what_it_depends_on_is_running()
    {
        // Priorities alone would start worker first and db last.
        await using var rig = new Rig(
            Rig.Single(Program("worker", priority: 1, startSecs: 0, "app")),
            Rig.Single(Program("app", priority: 2, startSecs: 1, "db")),
            Rig.Single(Program("db", priority: 3, startSecs: 2)));
        await rig.Sync();
        Assert.Equal(["db"], SpawnedNames(rig));
        Assert.Contains("not starting app yet: waiting for db to be ready (depends_on)", rig.Log.Messages);
        Assert.Contains("not starting worker yet: waiting for app to be ready (depends_on)", rig.Log.Messages);

        await rig.AdvanceUntil(async () => await rig.State("app:app") == ProcessState.Starting);
        Assert.Equal(ProcessState.Running, await rig.State("db:db"));
        Assert.Equal(["db", "app"], SpawnedNames(rig));
        Assert.True(rig.Elapsed > TimeSpan.FromSeconds(2));

        await rig.AdvanceUntil(async () => await rig.State("worker:worker") == ProcessState.Running);
        Assert.Equal(["db", "app", "worker"], SpawnedNames(rig));
        Assert.True(rig.Elapsed > TimeSpan.FromSeconds(3));
    }

    [Fact]
    public async Task A_stop_cancels_a_start_queued_behind_its_dependencies()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 5) with { AutoStart = false }),
            Rig.Single(Program("app", 999, 0, "db") with { AutoStart = false }));
        await rig.Sync();
        var start = await rig.Supervisor.BeginStartAsync("app:app");
        Assert.True(start.Outcome.Succeeded);
        Assert.Equal(["db"], SpawnedNames(rig));

        // The user changes their mind before db is ready: app must not start behind their back.
        Assert.True((await rig.Supervisor.StopProcessAsync("app:app")).Succeeded);
        Assert.Equal(Fault.AbnormalTermination, (await start.Completion!.WaitAsync(TimeSpan.FromSeconds(10))).Code);
        await rig.AdvanceUntil(async () => await rig.State("db:db") == ProcessState.Running);
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["db"], SpawnedNames(rig));
        Assert.Equal(ProcessState.Stopped, await rig.State("app:app"));
    }

    [Fact]
    public async Task A_stop_cancels_an_autostart_still_waiting_for_its_dependencies()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 5)),
            Rig.Single(Program("app", 999, 0, "db")));
        await rig.Sync();
        Assert.Equal(["db"], SpawnedNames(rig));
        Assert.True((await rig.Supervisor.StopProcessAsync("app:app")).Succeeded);
        await rig.AdvanceUntil(async () => await rig.State("db:db") == ProcessState.Running);
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["db"], SpawnedNames(rig));
        // A later start is honoured as usual.
        Assert.True((await rig.Supervisor.StartProcessAsync("app:app")).Succeeded);
        Assert.Equal(["db", "app"], SpawnedNames(rig));
    }

    [Fact]
    public async Task A_stop_during_a_healthcheck_restart_keeps_the_process_stopped()
    {
        await using var rig = new Rig(Rig.Single(Program("app", startSecs: 0)));
        await rig.AdvanceUntil(async () => await rig.State("app:app") == ProcessState.Running);
        var process = rig.Supervisor.Groups[0].Processes[0];
        // What an unhealthy verdict does: a stop, and a start queued behind it.
        await rig.Supervisor.InvokeAsync(() => process.Stop() is null && (process.StartQueued = true));
        Assert.Equal(ProcessState.Stopping, await rig.State("app:app"));

        var stop = await rig.Supervisor.BeginStopAsync("app:app");
        Assert.True(stop.Outcome.Succeeded);
        await rig.ExitWith("app:app", WaitStatus.FromSignal(Signals.TERM));
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(ProcessState.Stopped, await rig.State("app:app"));
        Assert.Equal(1, rig.Spawner.Count);
        Assert.True((await stop.Completion!.WaitAsync(TimeSpan.FromSeconds(10))).Succeeded);
    }

    [Fact]
    public async Task A_fatal_dependency_leaves_its_dependents_waiting_and_says_why()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 1) with { StartRetries = 0 }),
            Rig.Single(Program("app", 999, 0, "db")));
        await rig.Sync();
        await rig.ExitCode("db:db", 1);
        await rig.AdvanceUntil(async () => await rig.State("db:db") == ProcessState.Fatal);
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(ProcessState.Stopped, await rig.State("app:app"));
        Assert.Equal(["db"], SpawnedNames(rig));
        Assert.Contains((LogLevel.Warn, "not starting app yet: waiting for db, which is FATAL (depends_on)"), rig.Log.Lines);
    }

    [Fact]
    public async Task Shutdown_stops_dependents_before_their_dependencies_whatever_the_priorities()
    {
        await using var rig = new Rig(
            Rig.Single(Program("app", priority: 1, startSecs: 0, "db")),
            Rig.Single(Program("db", priority: 2, startSecs: 0)),
            Rig.Single(Program("other", priority: 3, startSecs: 0)));
        await rig.AdvanceUntil(async () => await rig.State("app:app") == ProcessState.Running);
        var (app, db, other) = (await rig.Pid("app:app"), await rig.Pid("db:db"), await rig.Pid("other:other"));

        await rig.Signal(Signals.TERM);
        // other (highest priority, no dependents) and app (the dependent) go first; db waits for app.
        Assert.Equal([other], rig.Signaller.Sent.Select(s => s.Pid));
        await rig.Exit(other, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal([other, app], rig.Signaller.Sent.Select(s => s.Pid));
        Assert.Equal(ProcessState.Running, await rig.State("db:db"));
        await rig.Exit(app, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal([other, app, db], rig.Signaller.Sent.Select(s => s.Pid));
        await rig.Exit(db, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, rig.Supervisor.ExitStatus);
    }

    [Fact]
    public async Task Starting_a_program_starts_its_dependencies_first_and_waits_for_it()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 1) with { AutoStart = false }),
            Rig.Single(Program("app", 999, 1, "db") with { AutoStart = false }));
        await rig.Sync();
        Assert.Empty(SpawnedNames(rig));

        var started = rig.Supervisor.StartProcessAsync("app", wait: true);
        await rig.Sync();
        Assert.Equal(["db"], SpawnedNames(rig));
        Assert.False(started.IsCompleted);
        await rig.AdvanceUntil(() => Task.FromResult(started.IsCompleted));
        Assert.Equal(Outcome.Ok, await started);
        Assert.Equal(["db", "app"], SpawnedNames(rig));
        Assert.Equal(ProcessState.Running, await rig.State("app:app"));
    }

    [Fact]
    public async Task A_waiting_start_fails_when_a_dependency_goes_fatal()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 1) with { AutoStart = false, StartRetries = 0 }),
            Rig.Single(Program("app", 999, 1, "db") with { AutoStart = false }));
        var started = rig.Supervisor.StartProcessAsync("app", wait: true);
        await rig.Sync();
        await rig.ExitCode("db:db", 1);
        await rig.AdvanceUntil(() => Task.FromResult(started.IsCompleted));
        Assert.Equal(Outcome.Of(Fault.Failed, "app: its dependency db is FATAL (depends_on)"), await started);
    }

    [Fact]
    public async Task A_waiting_start_fails_when_a_dependency_of_its_dependency_goes_fatal()
    {
        // mid is queued behind db and will never be released: app's start must not wait for it forever.
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 1) with { AutoStart = false, StartRetries = 0 }),
            Rig.Single(Program("mid", 999, 1, "db") with { AutoStart = false }),
            Rig.Single(Program("app", 999, 1, "mid") with { AutoStart = false }));
        var started = rig.Supervisor.StartProcessAsync("app", wait: true);
        await rig.Sync();
        await rig.ExitCode("db:db", 1);
        await rig.AdvanceUntil(() => Task.FromResult(started.IsCompleted));
        Assert.Equal(Outcome.Of(Fault.Failed, "app: its dependency db is FATAL (depends_on)"), await started);

        // Once db is FATAL and mid still queued behind it, a new start of app is refused at once too.
        var again = await rig.Supervisor.StartProcessAsync("app", wait: true).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Outcome.Of(Fault.Failed, "app: its dependency db is FATAL (depends_on)"), again);
    }

    [Fact]
    public async Task A_start_whose_dependency_was_removed_fails_instead_of_waiting_forever()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 0) with { AutoStart = false }),
            Rig.Single(Program("app", 999, 0, "db") with { AutoStart = false }));
        await rig.Sync();
        Assert.True((await rig.Supervisor.RemoveGroupAsync("db")).Succeeded);
        var started = await rig.Supervisor.StartProcessAsync("app", wait: true).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Outcome.Of(Fault.Failed, "app: its dependency db is not in the configuration (depends_on)"), started);
        Assert.Contains((LogLevel.Warn, "not starting app yet: waiting for db (not in the configuration) (depends_on)"), rig.Log.Lines);
    }

    [Fact]
    public async Task A_critical_program_that_exits_for_good_stops_everything_with_its_status()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", startSecs: 0)),
            Rig.Single(Program("job", 999, 0, "db") with
            {
                AutoRestart = AutoRestart.False,
                Container = new ContainerOptions { DependsOn = ["db"], Critical = true },
            }));
        await rig.AdvanceUntil(async () => await rig.State("job:job") == ProcessState.Running);
        var db = await rig.Pid("db:db");
        await rig.ExitCode("job:job", 3);
        Assert.Contains((LogLevel.Critical, "critical program job exited (exit status 3) and will not be restarted: stopping all programs, supernetd will exit 3"), rig.Log.Lines);
        Assert.Equal([db], rig.Signaller.Sent.Select(s => s.Pid));
        await rig.Exit(db, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, rig.Supervisor.ExitStatus);
    }

    [Fact]
    public async Task A_critical_program_going_fatal_exits_with_128_plus_its_signal()
    {
        await using var rig = new Rig(
            Rig.Single(Rig.Program("svc") with { StartRetries = 0, Container = new ContainerOptions { Critical = true } }));
        await rig.Sync();
        await rig.ExitWith("svc:svc", WaitStatus.FromSignal(Signals.KILL));
        await rig.AdvanceUntil(() => Task.FromResult(rig.Running.IsCompleted));
        Assert.Equal(128 + 9, rig.Supervisor.ExitStatus);
        Assert.Contains((LogLevel.Critical, "critical program svc entered FATAL state: stopping all programs, supernetd will exit 137"), rig.Log.Lines);
    }

    [Fact]
    public async Task A_critical_program_going_fatal_is_reported_after_its_gave_up_line_and_before_the_stop()
    {
        // The cause first: the CRIT line came before supervisord's "gave up" line it follows from.
        await using var rig = new Rig(
            Rig.Single(Rig.Program("svc") with { StartRetries = 0, Container = new ContainerOptions { Critical = true } }),
            Rig.Single(Program("other", startSecs: 0)));
        await rig.AdvanceUntil(async () => await rig.State("other:other") == ProcessState.Running);
        await rig.ExitWith("svc:svc", WaitStatus.FromExitCode(5));
        await rig.AdvanceUntil(() => Task.FromResult(rig.Log.Messages.Any(m => m.StartsWith("waiting for other", StringComparison.Ordinal))));
        var lines = rig.Log.Messages.ToList();
        var gaveUp = lines.IndexOf("gave up: svc entered FATAL state, too many start retries too quickly");
        var critical = lines.IndexOf("critical program svc entered FATAL state: stopping all programs, supernetd will exit 5");
        var waiting = lines.FindIndex(l => l.StartsWith("waiting for other", StringComparison.Ordinal));
        Assert.True(gaveUp >= 0 && gaveUp < critical && critical < waiting, string.Join("\n", lines));
    }

    [Fact]
    public async Task A_critical_program_that_autorestarts_does_not_stop_anything()
    {
        await using var rig = new Rig(
            Rig.Single(Program("svc", startSecs: 0) with { AutoRestart = AutoRestart.True, Container = new ContainerOptions { Critical = true } }));
        await rig.AdvanceUntil(async () => await rig.State("svc:svc") == ProcessState.Running);
        await rig.ExitCode("svc:svc", 1);
        await rig.AdvanceUntil(async () => await rig.State("svc:svc") == ProcessState.Running);
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        Assert.Equal(2, rig.Spawner.Count);
    }

    [Fact]
    public async Task Removing_and_adding_a_dependency_re_evaluates_the_graph()
    {
        var db = Rig.Single(Program("db", 999, 0));
        await using var rig = new Rig(db, Rig.Single(Program("app", 999, 0, "db") with { AutoRestart = AutoRestart.True }));
        await rig.AdvanceUntil(async () => await rig.State("app:app") == ProcessState.Running);
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StopProcessAsync("db", wait: false));
        await rig.Exit(await rig.Supervisor.InvokeAsync(() => rig.Supervisor.Groups.Single(g => g.Name == "db").Processes[0].Pid), WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RemoveGroupAsync("db"));

        await rig.ExitCode("app:app", 1);
        // Restart pacing: the restart (and so the dependency check) is due 1 s after app's spawn.
        await rig.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(ProcessState.Exited, await rig.State("app:app"));
        Assert.Contains((LogLevel.Warn, "not starting app yet: waiting for db (not in the configuration) (depends_on)"), rig.Log.Lines);

        Assert.Equal(Outcome.Ok, await rig.Supervisor.AddGroupAsync(db));
        await rig.AdvanceUntil(async () => await rig.State("app:app") == ProcessState.Running);
        Assert.Equal(["db", "app", "db", "app"], SpawnedNames(rig));
    }
}
