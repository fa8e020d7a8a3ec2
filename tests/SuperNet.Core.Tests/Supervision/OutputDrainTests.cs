using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// A reaped exit is finished after the child's output has been read (to end of file, or what a pipe a grandchild
/// keeps open holds), as supervisord reads its pipes before it finishes an exit; a pump that does not answer
/// delays it by 1 s at most.
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
    public async Task A_pipe_a_grandchild_keeps_open_finishes_the_exit_once_the_pump_has_read_it_judged_at_the_reap()
    {
        await using var rig = WithPipes();
        await rig.Sync();
        var pid = await rig.Pid("a");
        // Reaped at 4.99 s, before startsecs (5 s): too quick, although it is finished after 5 s.
        await rig.AdvanceTo(TimeSpan.FromSeconds(4.99));
        rig.Supervisor.PostChildExit(pid, WaitStatus.FromExitCode(0));
        await rig.Sync();
        Assert.Equal(ProcessState.Starting, await rig.State("a"));
        Assert.Equal(1, rig.Pump.PendingDrains);
        await rig.AdvanceTo(TimeSpan.FromSeconds(5.5));
        Assert.Equal(ProcessState.Starting, await rig.State("a"));
        rig.Pump.AnswerDrains();
        await rig.Sync();
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        Assert.Equal("Exited too quickly (process log may have details)", (await rig.Info("a")).SpawnErr);
    }

    [Fact]
    public async Task A_pump_that_does_not_answer_delays_the_exit_by_1_s()
    {
        await using var rig = WithPipes();
        await rig.Sync();
        var pid = await rig.Pid("a");
        rig.Supervisor.PostChildExit(pid, WaitStatus.FromExitCode(0));
        await rig.Sync();
        Assert.Equal(TimeSpan.FromSeconds(1), await rig.ArmedDeadline());
        await rig.AdvanceTo(TimeSpan.FromSeconds(1));
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        // The answer that comes late finds nothing held.
        rig.Pump.AnswerDrains();
        await rig.Sync();
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
    }
}
