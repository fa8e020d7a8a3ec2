using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Readiness;

/// <summary>
/// The published view of a process depends_on= holds back: why (ProcessView.Waiting), shown as its description
/// and in the health report, for as long as the hold lasts and no longer.
/// </summary>
public sealed class DependencyWaitTests
{
    private static ProcessConfig Program(string name, int priority = 999, int startSecs = 1, params string[] dependsOn) =>
        Rig.Program(name, priority: priority) with
        {
            StartSecs = startSecs,
            Container = new ContainerOptions { DependsOn = dependsOn },
        };

    private static async Task<ProcessView> View(Rig rig, string namespec)
    {
        await rig.Sync();
        return ByName.Find(rig.Supervisor, namespec)!;
    }

    [Fact]
    public async Task A_held_autostart_shows_what_it_waits_for_until_it_is_spawned()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", priority: 1, startSecs: 2)),
            Rig.Single(Program("app", priority: 2, startSecs: 0, "db")));
        var app = await View(rig, "app:app");
        Assert.Equal(new DependencyWait(DependencyWaitKind.NotReady, ["db"]), app.Waiting);
        Assert.Equal("waiting for db to be ready (depends_on)", (await rig.Info("app:app")).Description);
        Assert.Contains("app STOPPED waiting for db to be ready (depends_on)", HealthReport.Problems(rig.Supervisor.View));
        Assert.Null((await View(rig, "db:db")).Waiting);

        await rig.AdvanceUntil(async () => await rig.State("app:app") == ProcessState.Running);
        Assert.Null((await View(rig, "app:app")).Waiting);
        Assert.StartsWith("pid ", (await rig.Info("app:app")).Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dependency_going_fatal_shows_as_a_fatal_wait_in_the_view_that_shows_it_fatal()
    {
        // app comes first in a pass, so it is judged before db gives up in that pass.
        await using var rig = new Rig(
            Rig.Single(Program("app", priority: 1, startSecs: 0, "db")),
            Rig.Single(Program("db", priority: 2, startSecs: 5) with { StartRetries = 0 }));
        // Reaped while its pipes are still open: the exit is held for their last output and taken in a timer's
        // pass, after app's turn in it.
        rig.Supervisor.PostChildExit(await rig.Pid("db:db"), WaitStatus.FromExitCode(1));
        await rig.Sync();
        rig.Time.Advance(TimeSpan.FromSeconds(2));
        // Read without a message of our own (each one is another pass): the view published by the timer's message.
        var published = Wait.For(() => ByName.Find(rig.Supervisor, "db:db")!.State == ProcessState.Fatal ? rig.Supervisor.View : null,
            "db to be FATAL");
        Assert.Equal(new DependencyWait(DependencyWaitKind.Fatal, ["db"]), published.FindGroup("app")!.FindProcess("app")!.Waiting);
        Assert.Contains((LogLevel.Warn, "not starting app yet: waiting for db, which is FATAL (depends_on)"), rig.Log.Lines);
        Assert.Equal("waiting for db, which is FATAL (depends_on)", (await rig.Info("app:app")).Description);
    }

    [Fact]
    public async Task A_stop_and_a_shutdown_end_the_wait_and_the_description_is_supervisords_again()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", priority: 1, startSecs: 60)),
            Rig.Single(Program("app", priority: 2, startSecs: 0, "db")),
            Rig.Single(Program("web", priority: 3, startSecs: 0, "db")));
        Assert.NotNull((await View(rig, "app:app")).Waiting);
        Assert.True((await rig.Supervisor.StopProcessAsync("app:app")).Succeeded);
        Assert.Null((await View(rig, "app:app")).Waiting);
        Assert.Equal("Not started", (await rig.Info("app:app")).Description);

        Assert.NotNull((await View(rig, "web:web")).Waiting);
        await rig.Signal(Signals.TERM);
        Assert.Null((await View(rig, "web:web")).Waiting);
        Assert.Equal("Not started", (await rig.Info("web:web")).Description);
    }

    [Fact]
    public async Task A_removed_dependency_is_named_as_missing()
    {
        await using var rig = new Rig(
            Rig.Single(Program("db", priority: 1, startSecs: 0) with { AutoStart = false }),
            Rig.Single(Program("app", priority: 2, startSecs: 0, "db")));
        Assert.Equal(new DependencyWait(DependencyWaitKind.NotReady, ["db"]), (await View(rig, "app:app")).Waiting);
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RemoveGroupAsync("db"));
        var wait = (await View(rig, "app:app")).Waiting;
        Assert.Equal(new DependencyWait(DependencyWaitKind.Missing, ["db"]), wait);
        Assert.Equal("missing", wait!.Code);
        Assert.Equal("waiting for db (not in the configuration) (depends_on)", (await rig.Info("app:app")).Description);
    }
}
