using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Events;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>[supervisord] exit_when_done=true in the state machine, with fake processes and fake time.</summary>
public sealed class ExitWhenDoneTests
{
    private const string Done = "every program has ended and none will be restarted (exit_when_done): stopping, ";

    private static Rig DoneRig(bool exitWhenDone, params GroupConfig[] groups) => new(new SupervisorConfig
    {
        ConfigFile = "/etc/supervisord.conf",
        Supervisord = new SupervisordOptions { ExitWhenDone = exitWhenDone },
        Groups = groups,
    }, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, null);

    private static GroupConfig Job(string name, AutoRestart restart = AutoRestart.False, bool autoStart = true) =>
        Rig.Single(Rig.Program(name) with { StartSecs = 0, AutoRestart = restart, AutoStart = autoStart });

    [Fact]
    public async Task The_daemon_exits_0_once_every_job_has_exited_as_expected()
    {
        await using var rig = DoneRig(true, Job("a"), Job("b"), Job("manual", autoStart: false));
        await rig.AdvanceUntil(async () => await rig.State("b:b") == ProcessState.Running);
        await rig.ExitCode("a:a", 0);
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        await rig.ExitCode("b:b", 0);
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, rig.Supervisor.ExitStatus);
        Assert.Contains((LogLevel.Info, Done + "supernetd will exit 0"), rig.Log.Lines);
    }

    [Fact]
    public async Task The_first_program_to_end_unexpectedly_gives_the_status()
    {
        await using var rig = DoneRig(true, Job("a"), Job("b"), Job("c"));
        await rig.AdvanceUntil(async () => await rig.State("c:c") == ProcessState.Running);
        await rig.ExitWith("b:b", WaitStatus.FromSignal(Signals.KILL));
        await rig.Advance(TimeSpan.FromSeconds(1));
        await rig.ExitCode("a:a", 4);
        await rig.ExitCode("c:c", 0);
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(128 + 9, rig.Supervisor.ExitStatus);
        Assert.Contains((LogLevel.Warn, Done + "supernetd will exit 137, as b exited (terminated by SIGKILL), the first to end unexpectedly"),
            rig.Log.Lines);
    }

    [Fact]
    public async Task A_program_that_will_restart_or_is_still_running_keeps_the_daemon_up()
    {
        await using var rig = DoneRig(true, Job("job"), Job("svc", AutoRestart.Unexpected));
        await rig.AdvanceUntil(async () => await rig.State("svc:svc") == ProcessState.Running);
        await rig.ExitCode("job:job", 0);
        await rig.ExitCode("svc:svc", 1);
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        await rig.AdvanceUntil(async () => await rig.State("svc:svc") == ProcessState.Running);
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        // autorestart=unexpected: an expected exit is its end.
        await rig.ExitCode("svc:svc", 0);
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, rig.Supervisor.ExitStatus);
    }

    [Fact]
    public async Task A_fatal_program_counts_as_ended_badly_with_status_1()
    {
        await using var rig = DoneRig(true, Rig.Single(Rig.Program("svc") with { StartRetries = 0, StartSecs = 5 }));
        await rig.Sync();
        await rig.ExitCode("svc:svc", 0);
        await rig.AdvanceUntil(() => Task.FromResult(rig.Running.IsCompleted));
        Assert.Equal(1, rig.Supervisor.ExitStatus);
        var lines = rig.Log.Lines.Select(l => l.Message).ToList();
        var done = lines.IndexOf(Done + "supernetd will exit 1, as svc entered FATAL state, the first to end unexpectedly");
        // The cause reads before its consequence: supervisord's own line for the FATAL first.
        Assert.True(done > lines.FindIndex(m => m.StartsWith("gave up: svc entered FATAL state", StringComparison.Ordinal)) && done > 0,
            string.Join('\n', lines));
        Assert.Contains((LogLevel.Warn, lines[done]), rig.Log.Lines);
    }

    [Fact]
    public async Task Stopping_every_program_is_not_an_end_and_listeners_are_not_waited_for()
    {
        await using var rig = DoneRig(true, ListenerHarness.Pool(10, ["PROCESS_STATE"]), Job("a"), Job("b"));
        await rig.AdvanceUntil(async () => await rig.State("b:b") == ProcessState.Running);
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StopProcessAsync("a", wait: false));
        await rig.ExitWith("a:a", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(ProcessState.Stopped, await rig.State("a:a"));
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        // The listener pool is still RUNNING: the last program's end is the end.
        await rig.ExitCode("b:b", 0);
        Assert.Equal(SupervisorMood.Shutdown, await rig.Supervisor.GetMoodAsync());
    }

    [Fact]
    public async Task Removing_the_last_programs_that_had_not_ended_is_the_end()
    {
        await using var rig = DoneRig(true, Job("a"), Job("b"), Job("c"));
        await rig.AdvanceUntil(async () => await rig.State("c:c") == ProcessState.Running);
        await rig.ExitCode("a:a", 3);
        foreach (var name in new[] { "b", "c" })
        {
            Assert.Equal(Outcome.Ok, await rig.Supervisor.StopProcessAsync(name, wait: false));
            await rig.ExitWith($"{name}:{name}", WaitStatus.FromSignal(Signals.TERM));
            Assert.Equal(ProcessState.Stopped, await rig.State($"{name}:{name}"));
        }
        // An update still to add a group (this one changed, or a new one) keeps it up between its calls.
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RemoveGroupAsync("b", updatePending: () => true));
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        // What is left (a, EXITED for good) has ended: a's end gives the status, as if c had been the last to end.
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RemoveGroupAsync("c", updatePending: () => false));
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, rig.Supervisor.ExitStatus);
        Assert.Contains((LogLevel.Warn, Done + "supernetd will exit 3, as a exited (exit status 3), the first to end unexpectedly"),
            rig.Log.Lines);
    }

    [Fact]
    public async Task Programs_that_are_all_autostart_false_keep_it_up_until_one_started_by_hand_ends()
    {
        await using var rig = DoneRig(true, Job("m", autoStart: false), Job("n", autoStart: false));
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StartProcessAsync("m"));
        await rig.ExitCode("m:m", 0);
        Assert.Equal(SupervisorExit.Shutdown, await rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(0, rig.Supervisor.ExitStatus);
    }

    [Fact]
    public async Task Without_the_key_the_daemon_stays_up_as_supervisord_does()
    {
        await using var rig = DoneRig(false, Job("a"));
        await rig.AdvanceUntil(async () => await rig.State("a:a") == ProcessState.Running);
        await rig.ExitCode("a:a", 0);
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(SupervisorMood.Running, await rig.Supervisor.GetMoodAsync());
        Assert.DoesNotContain(rig.Log.Messages, m => m.Contains("exit_when_done", StringComparison.Ordinal));
    }
}
