using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

public sealed class StoppingTests
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private static async Task<Rig> RunningRig(ProcessConfig program)
    {
        var rig = new Rig(Rig.Single(program with { StartSecs = 0 }));
        await rig.Sync();
        Assert.Equal(ProcessState.Running, await rig.State(program.Name));
        return rig;
    }

    [Theory]
    [InlineData(false, false, Signals.TERM, "killing a (pid 100) with signal SIGTERM")]
    [InlineData(true, true, Signals.TERM, "killing a (pid 100) process group with signal SIGTERM")]
    [InlineData(false, false, Signals.INT, "killing a (pid 100) with signal SIGINT")]
    public async Task Stop_sends_stopsignal_to_pid_or_group(bool stopAsGroup, bool killAsGroup, int signal, string debug)
    {
        await using var rig = await RunningRig(Rig.Program("a") with
        {
            StopAsGroup = stopAsGroup, KillAsGroup = killAsGroup, StopSignal = signal,
        });
        var stop = rig.Supervisor.StopProcessAsync("a");
        await rig.Sync();
        Assert.Equal(ProcessState.Stopping, await rig.State("a"));
        Assert.Equal([new SentSignal(100, signal, stopAsGroup)], rig.Signaller.Sent);
        Assert.Contains((LogLevel.Debug, debug), rig.Log.Lines);
        Assert.False(stop.IsCompleted);

        await rig.Exit(100, WaitStatus.FromSignal(signal));
        Assert.Equal(Outcome.Ok, await stop);
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Stopped, info.State);
        Assert.Equal(-1, info.ExitStatus);
        Assert.Equal(0, info.Pid);
        Assert.Contains((LogLevel.Warn, $"stopped: a (terminated by {Signals.Name(signal)})"), rig.Log.Lines);
        Assert.Null(await rig.ArmedDeadline());
    }

    [Theory]
    [InlineData(0, LogLevel.Info)]
    [InlineData(3, LogLevel.Warn)]
    public async Task Stopped_line_level_follows_exitcodes(int code, LogLevel level)
    {
        await using var rig = await RunningRig(Rig.Program("a"));
        await rig.Supervisor.StopProcessAsync("a", wait: false);
        await rig.ExitCode("a", code);
        Assert.Contains((level, $"stopped: a (exit status {code})"), rig.Log.Lines);
        Assert.Equal(code, (await rig.Info("a")).ExitStatus);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public async Task Sigkill_after_stopwaitsecs_and_again_every_stopwaitsecs(bool stopAsGroup, bool killAsGroup)
    {
        await using var rig = await RunningRig(Rig.Program("a") with
        {
            StopWaitSecs = 5, StopAsGroup = stopAsGroup, KillAsGroup = killAsGroup,
        });
        _ = rig.Supervisor.StopProcessAsync("a", wait: false);
        await rig.AdvanceTo(TimeSpan.FromSeconds(5) - TimeSpan.FromMilliseconds(1));
        Assert.Single(rig.Signaller.Sent);

        await rig.AdvanceTo(TimeSpan.FromSeconds(16));
        Assert.Equal(
            [new SentSignal(100, Signals.TERM, stopAsGroup), new SentSignal(100, Signals.KILL, killAsGroup),
             new SentSignal(100, Signals.KILL, killAsGroup), new SentSignal(100, Signals.KILL, killAsGroup)],
            rig.Signaller.Sent);
        Assert.Equal(3, rig.Log.Lines.Count(l => l == (LogLevel.Warn, "killing 'a' (100) with SIGKILL")));
        Assert.Equal(ProcessState.Stopping, await rig.State("a"));

        await rig.Exit(100, WaitStatus.FromSignal(Signals.KILL));
        Assert.Equal(ProcessState.Stopped, await rig.State("a"));
        Assert.Null(await rig.ArmedDeadline());
    }

    [Fact]
    public async Task Stopasgroup_without_killasgroup_kills_the_pid_only()
    {
        await using var rig = await RunningRig(Rig.Program("a") with { StopWaitSecs = 1, StopAsGroup = true, KillAsGroup = false });
        _ = rig.Supervisor.StopProcessAsync("a", wait: false);
        await rig.Advance(Second);
        Assert.Equal([new SentSignal(100, Signals.TERM, true), new SentSignal(100, Signals.KILL, false)], rig.Signaller.Sent);
    }

    [Fact]
    public async Task Esrch_is_ignored_and_the_exit_is_reaped_normally()
    {
        await using var rig = await RunningRig(Rig.Program("a"));
        rig.Signaller.Errno = (_, _) => Errno.ESRCH;
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StopProcessAsync("a", wait: false));
        Assert.Equal(ProcessState.Stopping, await rig.State("a"));
        await rig.ExitCode("a", 0);
        Assert.Equal(ProcessState.Stopped, await rig.State("a"));
    }

    [Fact]
    public async Task Other_signal_errors_make_the_process_unknown()
    {
        await using var rig = await RunningRig(Rig.Program("a"));
        rig.Signaller.Errno = (_, _) => Errno.EPERM;
        var outcome = await rig.Supervisor.StopProcessAsync("a");
        Assert.Equal(Outcome.Of(Fault.Failed, "unknown problem killing a (100):[Errno 1] Operation not permitted"), outcome);
        Assert.Equal(ProcessState.Unknown, await rig.State("a"));
        Assert.Equal("", (await rig.Info("a")).Description);
        Assert.Equal(Outcome.Of(Fault.Failed, "a is in an unknown process state"), await rig.Supervisor.StartProcessAsync("a"));
        Assert.Null(await rig.ArmedDeadline());

        await rig.ExitCode("a", 0);
        Assert.Equal(ProcessState.Unknown, await rig.State("a"));
    }

    [Fact]
    public async Task Stop_in_backoff_is_immediate_without_a_signal_and_keeps_the_counter()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartRetries = 3 }));
        await rig.Sync();
        await rig.ExitCode("a", 1);
        await rig.AdvanceUntil(async () => rig.Spawner.Count == 2);
        await rig.ExitCode("a", 1);
        await rig.AdvanceUntil(async () => rig.Spawner.Count == 3);
        await rig.ExitCode("a", 1);
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));

        Assert.Equal(Outcome.Ok, await rig.Supervisor.StopProcessAsync("a"));
        Assert.Equal(ProcessState.Stopped, await rig.State("a"));
        Assert.Empty(rig.Signaller.Sent);
        Assert.Null(await rig.ArmedDeadline());

        // backoff is still 3: one more quick exit gives up at once.
        Assert.Equal(Outcome.Of(Fault.SpawnError, "a"), await StartAndFailQuickly(rig));
        Assert.Equal(ProcessState.Fatal, await rig.State("a"));
        Assert.Equal(4, rig.Spawner.Count);
    }

    private static async Task<Outcome> StartAndFailQuickly(Rig rig)
    {
        var start = rig.Supervisor.StartProcessAsync("a");
        await rig.Sync();
        await rig.ExitCode("a", 1);
        return await start;
    }

    [Fact]
    public async Task A_stop_right_after_a_start_is_never_lost()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { AutoStart = false, AutoRestart = AutoRestart.True }));
        await rig.Sync();
        for (var round = 0; round < 20; round++)
        {
            var start = rig.Supervisor.StartProcessAsync("a");
            var stop = rig.Supervisor.StopProcessAsync("a");
            await rig.Sync();
            var pid = rig.Spawner.LastPid;
            Assert.Equal(new SentSignal(pid, Signals.TERM, false), rig.Signaller.Sent[^1]);
            Assert.Equal(Outcome.Of(Fault.AbnormalTermination, "a"), await start);
            await rig.Exit(pid, WaitStatus.FromSignal(Signals.TERM));
            Assert.Equal(Outcome.Ok, await stop);
            Assert.Equal(ProcessState.Stopped, await rig.State("a"));
        }
        Assert.Equal(20, rig.Spawner.Count);
    }

    [Fact]
    public async Task Stopping_a_starting_process_uses_the_stop_path()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 10 }));
        await rig.Sync();
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StopProcessAsync("a", wait: false));
        await rig.ExitCode("a", 0);
        Assert.Equal(ProcessState.Stopped, await rig.State("a"));
        Assert.Equal(1, rig.Spawner.Count);
    }

    [Fact]
    public async Task Waiting_stop_logs_every_two_seconds()
    {
        await using var rig = await RunningRig(Rig.Program("a") with { StopWaitSecs = 60 });
        var stop = rig.Supervisor.StopProcessAsync("a");
        await rig.AdvanceTo(TimeSpan.FromSeconds(5));
        Assert.Equal(3, rig.Log.Lines.Count(l => l == (LogLevel.Info, "waiting for a to stop")));
        await rig.ExitCode("a", 0);
        Assert.Equal(Outcome.Ok, await stop);
        Assert.Null(await rig.ArmedDeadline());
    }

    [Fact]
    public async Task A_prompt_exit_still_logs_one_waiting_line_as_supervisord_does()
    {
        await using var rig = await RunningRig(Rig.Program("a"));
        var stop = rig.Supervisor.StopProcessAsync("a");
        await rig.ExitCode("a", 0);
        Assert.Equal(Outcome.Ok, await stop);
        Assert.Equal(1, rig.Log.Lines.Count(l => l == (LogLevel.Info, "waiting for a to stop")));
    }
}
