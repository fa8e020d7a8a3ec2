using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

public sealed class ShutdownTests
{
    private static ProcessConfig Quick(string name, int priority = 999) => Rig.Program(name, priority: priority) with { StartSecs = 0 };

    [Fact]
    public async Task Groups_stop_one_at_a_time_in_descending_priority()
    {
        await using var rig = new Rig(
            Rig.Group("low", 1, Quick("l1", 1), Quick("l2", 2)),
            Rig.Group("mid", 50, Rig.Program("m1") with { StartRetries = 5 }),
            Rig.Group("high", 100, Quick("h1", 1), Quick("h2", 2)));
        await rig.Sync();
        await rig.ExitCode("mid:m1", 1);
        Assert.Equal(ProcessState.Backoff, await rig.State("mid:m1"));
        var (l1, l2, h1, h2) = (await rig.Pid("low:l1"), await rig.Pid("low:l2"), await rig.Pid("high:h1"), await rig.Pid("high:h2"));

        await rig.Signal(Signals.TERM);
        Assert.Contains((LogLevel.Warn, "received SIGTERM indicating exit request"), rig.Log.Lines);
        Assert.Equal([h2, h1], rig.Signaller.Sent.Select(s => s.Pid));
        Assert.Equal(["INFO waiting for l1, l2, m1, h1, h2 to die"], rig.Log.Matching("waiting for"));
        Assert.Equal(ProcessState.Backoff, await rig.State("mid:m1"));
        Assert.Contains("STOPPING", rig.Events.Seen);

        // A BACKOFF process is not retried while shutting down, even after its delay.
        await rig.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(5, rig.Spawner.Count);
        Assert.Equal(2, rig.Log.Matching("waiting for").Count);

        await rig.Exit(h2, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(2, rig.Signaller.Sent.Count);
        await rig.Exit(h1, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(ProcessState.Fatal, await rig.State("mid:m1"));
        Assert.Equal([h2, h1, l2, l1], rig.Signaller.Sent.Select(s => s.Pid));
        Assert.False(rig.Running.IsCompleted);

        await rig.Exit(l2, WaitStatus.FromSignal(Signals.TERM));
        await rig.Exit(l1, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(rig.Log.Messages, m => m.StartsWith("gave up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Nothing_restarts_during_shutdown()
    {
        await using var rig = new Rig(
            Rig.Group("low", 1, Quick("l1") with { AutoRestart = AutoRestart.True }),
            Rig.Group("high", 100, Quick("h1") with { StopWaitSecs = 30 }));
        await rig.Sync();
        await rig.Signal(Signals.INT);
        await rig.ExitCode("low:l1", 1);
        Assert.Equal(ProcessState.Exited, await rig.State("low:l1"));
        Assert.Equal(2, rig.Spawner.Count);
        Assert.Equal(Outcome.Of(Fault.ShutdownState), await rig.Supervisor.StartProcessAsync("low:l1"));
        Assert.Equal(SupervisorMood.Shutdown, await rig.Supervisor.GetMoodAsync());
    }

    [Fact]
    public async Task A_waiting_groups_program_that_exits_on_its_own_is_recorded_and_never_signalled()
    {
        await using var rig = new Rig(
            Rig.Group("low", 1, Quick("l1"), Quick("l2")),
            Rig.Group("high", 100, Quick("h1") with { StopWaitSecs = 30 }));
        await rig.Sync();
        var h1 = await rig.Pid("high:h1");
        await rig.Signal(Signals.TERM);
        Assert.Equal([h1], rig.Signaller.Sent.Select(s => s.Pid));

        // low is not stopped yet: its member's own exit still goes through the usual finish.
        await rig.ExitCode("low:l1", 0);
        Assert.Equal(ProcessState.Exited, await rig.State("low:l1"));
        Assert.Contains("exited: l1 (exit status 0; expected)", rig.Log.Messages);
        Assert.Equal(ProcessState.Running, await rig.State("low:l2"));

        await rig.Exit(h1, WaitStatus.FromSignal(Signals.TERM));
        var l2 = await rig.Pid("low:l2");
        Assert.Equal([h1, l2], rig.Signaller.Sent.Select(s => s.Pid));
        await rig.Exit(l2, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_process_stuck_in_stopping_gets_sigkill_every_stopwaitsecs_and_is_waited_for()
    {
        await using var rig = new Rig(Rig.Single(Quick("a") with { StopWaitSecs = 2 }));
        await rig.Sync();
        await rig.Signal(Signals.TERM);
        await rig.AdvanceTo(TimeSpan.FromSeconds(7));
        Assert.Equal([Signals.TERM, Signals.KILL, Signals.KILL, Signals.KILL], rig.Signaller.Sent.Select(s => s.Signal));
        Assert.Equal(3, rig.Log.Matching("waiting for a to die").Count);
        Assert.False(rig.Running.IsCompleted);
        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.KILL));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Hup_restarts_and_a_later_term_turns_it_into_a_shutdown()
    {
        await using var rig = new Rig(Rig.Single(Quick("a")));
        await rig.Sync();
        await rig.Signal(Signals.HUP);
        Assert.Contains((LogLevel.Warn, "received SIGHUP indicating restart request"), rig.Log.Lines);
        await rig.Signal(Signals.TERM);
        await rig.Signal(Signals.HUP);
        Assert.Contains((LogLevel.Warn, "ignored SIGHUP indicating restart request (shutdown in progress)"), rig.Log.Lines);
        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Restart_ends_run_with_restart_and_later_commands_fault()
    {
        await using var rig = new Rig(Rig.Single(Quick("a")));
        await rig.Sync();
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RestartAsync());
        Assert.Equal(Outcome.Of(Fault.ShutdownState), await rig.Supervisor.RestartAsync());
        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(SupervisorExit.Restart, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(Outcome.Of(Fault.ShutdownState), await rig.Supervisor.StopProcessAsync("a"));
        Assert.Equal(Outcome.Of(Fault.ShutdownState), await rig.Supervisor.ShutdownAsync());
    }

    [Fact]
    public async Task An_empty_supervisor_shuts_down_at_once()
    {
        await using var rig = new Rig();
        await rig.Sync();
        Assert.Equal(Outcome.Ok, await rig.Supervisor.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["RUNNING", "STOPPING"], rig.Events.Seen);
    }

    [Fact]
    public async Task Usr2_reopens_main_and_child_logs()
    {
        await using var rig = new Rig(Rig.Single(Quick("a")));
        await rig.Signal(Signals.USR2);
        Assert.Equal(1, rig.Log.Reopened);
        Assert.Equal(
            ["INFO received SIGUSR2 indicating log reopen request", "INFO supervisord logreopen"],
            rig.Log.Matching("received SIGUSR2", "supervisord logreopen"));
    }
}
