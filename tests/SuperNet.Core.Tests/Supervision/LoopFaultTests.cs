using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>A bug that throws in one process's pass costs that process, not the supervision of every other one.</summary>
public sealed class LoopFaultTests
{
    [Fact]
    public async Task A_process_whose_pass_throws_leaves_the_others_supervised_and_their_timers_armed()
    {
        await using var rig = new Rig(
            Rig.Group("bad", 1, Rig.Program("bad") with { StopWaitSecs = 1 }),
            Rig.Group("good", 2, Rig.Program("good") with { StartSecs = 2 }));
        await rig.Sync();
        var bad = await rig.Pid("bad");
        // The OS layer throws for this one pid, a bug's stand-in.
        rig.Signaller.Errno = (pid, _) => pid == bad ? throw new InvalidOperationException("a bug") : 0;
        // The command that met it fails (it used to wait for ever); the stop's SIGKILL, due at 1 s, then throws in the pass.
        await Assert.ThrowsAsync<InvalidOperationException>(() => rig.Supervisor.StopProcessAsync("bad", wait: false));
        await rig.AdvanceTo(TimeSpan.FromSeconds(1.5));
        Assert.Contains(rig.Log.Messages, m => m.StartsWith("uncaught exception in the supervisor loop: System.InvalidOperationException: a bug", StringComparison.Ordinal));
        await rig.AdvanceTo(TimeSpan.FromSeconds(2.5));
        Assert.Equal(ProcessState.Running, await rig.State("good"));
    }
}
