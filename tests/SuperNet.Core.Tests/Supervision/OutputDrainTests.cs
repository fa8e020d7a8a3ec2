using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// A reaped exit is finished after the child's output has been read to end of file, as supervisord reads its
/// pipes before it reaps; a pipe kept open by a grandchild delays it by 50 ms at most.
/// </summary>
public sealed class OutputDrainTests
{
    private static Rig WithPipes()
    {
        var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 5, AutoRestart = AutoRestart.False }));
        rig.Spawner.Pipes = () => new ChildPipes(
            File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), File.OpenHandle("/dev/null"));
        return rig;
    }

    [Fact]
    public async Task An_exit_reaped_before_end_of_file_is_finished_at_end_of_file()
    {
        await using var rig = WithPipes();
        await rig.Sync();
        var pid = await rig.Pid("a");
        rig.Supervisor.PostChildExit(pid, WaitStatus.FromExitCode(3));
        await rig.Sync();
        Assert.Equal(ProcessState.Starting, await rig.State("a"));
        rig.Pump.Close(pid);
        await rig.Sync();
        var info = await rig.Info("a");
        Assert.Equal((ProcessState.Backoff, 0), (info.State, info.Pid));
        Assert.Contains("exited: a (exit status 3; not expected)", rig.Log.Messages);
    }

    [Fact]
    public async Task A_pipe_that_stays_open_delays_the_exit_by_50_ms_judged_at_the_reap()
    {
        await using var rig = WithPipes();
        await rig.Sync();
        var pid = await rig.Pid("a");
        // Reaped at 4.99 s, before startsecs (5 s): too quick, although it is finished after 5 s.
        await rig.AdvanceTo(TimeSpan.FromSeconds(4.99));
        rig.Supervisor.PostChildExit(pid, WaitStatus.FromExitCode(0));
        await rig.Sync();
        Assert.Equal(ProcessState.Starting, await rig.State("a"));
        Assert.Equal(TimeSpan.FromSeconds(4.99) + TimeSpan.FromMilliseconds(50), await rig.ArmedDeadline());
        await rig.AdvanceTo(TimeSpan.FromSeconds(5.04));
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        Assert.Equal("Exited too quickly (process log may have details)", (await rig.Info("a")).SpawnErr);
    }
}
