using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Supervision;

public sealed class ExitTests
{
    [Theory]
    // autorestart, exit code, signal (0 = none), restarts?
    [InlineData(AutoRestart.Unexpected, 0, 0, false)]
    [InlineData(AutoRestart.Unexpected, 2, 0, true)]
    [InlineData(AutoRestart.Unexpected, 0, Signals.KILL, true)]
    [InlineData(AutoRestart.True, 0, 0, true)]
    [InlineData(AutoRestart.True, 2, 0, true)]
    [InlineData(AutoRestart.False, 2, 0, false)]
    [InlineData(AutoRestart.False, 0, Signals.KILL, false)]
    public async Task Autorestart_after_an_exit_from_running(AutoRestart autorestart, int code, int signal, bool restarts)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0, AutoRestart = autorestart }));
        await rig.Sync();
        await rig.ExitWith("a", signal == 0 ? WaitStatus.FromExitCode(code) : WaitStatus.FromSignal(signal));
        // A restart comes no sooner than a second after the previous spawn.
        await rig.Advance(TimeSpan.FromSeconds(1));
        var info = await rig.Info("a");
        Assert.Equal(restarts ? 2 : 1, rig.Spawner.Count);
        Assert.Equal(restarts ? ProcessState.Running : ProcessState.Exited, info.State);
        if (!restarts)
        {
            Assert.Equal(signal == 0 ? code : -1, info.ExitStatus);
        }
    }

    [Theory]
    [InlineData(0, null, "INFO exited: a (exit status 0; expected)", "")]
    [InlineData(2, null, "WARN exited: a (exit status 2; not expected)", "Bad exit code 2")]
    [InlineData(2, new[] { 0, 2 }, "INFO exited: a (exit status 2; expected)", "")]
    [InlineData(-9, null, "WARN exited: a (terminated by SIGKILL; not expected)", "Bad exit code -1")]
    public async Task Exit_from_running_logs_and_records(int code, int[]? exitcodes, string line, string spawnerr)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with
        {
            StartSecs = 0, AutoRestart = AutoRestart.False, ExitCodes = exitcodes ?? [0],
        }));
        await rig.Sync();
        await rig.ExitWith("a", code < 0 ? WaitStatus.FromSignal(-code) : WaitStatus.FromExitCode(code));
        Assert.Equal([line], rig.Log.Matching("exited"));
        var info = await rig.Info("a");
        Assert.Equal(spawnerr, info.SpawnErr);
        Assert.Equal(code < 0 ? -1 : code, info.ExitStatus);
        Assert.Equal("Nov 27 07:09 AM", info.Description);
    }

    [Fact]
    public async Task Core_dumps_are_described()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0, AutoRestart = AutoRestart.False }));
        await rig.Sync();
        await rig.ExitWith("a", WaitStatus.FromSignal(6, core: true));
        Assert.Equal(["WARN exited: a (terminated by SIGABRT (core dumped); not expected)"], rig.Log.Matching("exited"));
    }

    [Fact]
    public async Task A_quick_exit_with_code_zero_and_autorestart_false_is_still_backoff()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 5, AutoRestart = AutoRestart.False }));
        await rig.Sync();
        rig.Time.Advance(TimeSpan.FromSeconds(4));
        await rig.ExitCode("a", 0);
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        Assert.Equal(["WARN exited: a (exit status 0; not expected)"], rig.Log.Matching("exited"));
    }

    [Fact]
    public async Task Running_resets_the_backoff_counter()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartRetries = 1 }));
        await rig.Sync();
        await rig.ExitCode("a", 1);
        await rig.AdvanceUntil(async () => await rig.State("a") == ProcessState.Running);
        await rig.ExitCode("a", 1);
        // EXITED (unexpected) restarts at once; the counter starts over, so one retry is allowed again.
        await rig.ExitCode("a", 1);
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        await rig.AdvanceUntil(async () => rig.Spawner.Count == 4);
        Assert.Equal(ProcessState.Starting, await rig.State("a"));
    }
}
