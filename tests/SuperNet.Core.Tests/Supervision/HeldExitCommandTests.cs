using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// Commands that reach a process whose reaped exit is held for its output (the pump has not yet read its pipes)
/// find the exit finished, as supervisord finishes an exit when it reaps: stopProcess, signalProcess and
/// sendProcessStdin answer NOT_RUNNING and nothing is signalled. Before, the real signaller refused the collected
/// pid (ESRCH), the command answered OK, and a stop ended STOPPED instead of EXITED.
/// </summary>
public sealed class HeldExitCommandTests
{
    private static async Task<(Rig Rig, int Pid)> RunningWithAnExitHeld()
    {
        var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0, AutoRestart = AutoRestart.False, StopAsGroup = true, KillAsGroup = true }));
        rig.Spawner.Pipes = () => new ChildPipes(
            File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), File.OpenHandle("/dev/null"));
        // As the Linux signaller does: a pid already collected is never signalled.
        var reaped = new HashSet<int>();
        rig.Signaller.Errno = (pid, _) => reaped.Contains(pid) ? Errno.ESRCH : 0;
        await rig.Sync();
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        var pid = await rig.Pid("a");
        reaped.Add(pid);
        rig.Supervisor.PostChildExit(pid, WaitStatus.FromSignal(Signals.KILL));
        await rig.Sync();
        return (rig, pid);
    }

    [Fact]
    public async Task A_stop_while_the_exit_is_held_answers_not_running_and_leaves_it_exited()
    {
        var (rig, _) = await RunningWithAnExitHeld();
        await using var _ = rig;
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), await rig.Supervisor.StopProcessAsync("a", wait: false));
        Assert.Empty(rig.Signaller.Sent);
        Assert.Equal(ProcessState.Exited, await rig.State("a"));
        Assert.Contains("exited: a (terminated by SIGKILL; not expected)", rig.Log.Messages);
    }

    [Fact]
    public async Task A_signal_or_stdin_while_the_exit_is_held_answers_not_running()
    {
        var (rig, _) = await RunningWithAnExitHeld();
        await using var _ = rig;
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), await rig.Supervisor.SignalProcessAsync("a", "HUP"));
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), await rig.Supervisor.SendStdinAsync("a", "x"u8.ToArray()));
        Assert.Empty(rig.Signaller.Sent);
    }

    [Fact]
    public async Task Shutdown_while_the_exit_is_held_signals_nothing_and_logs_the_exit()
    {
        var (rig, _) = await RunningWithAnExitHeld();
        await using var _ = rig;
        Assert.True((await rig.Supervisor.ShutdownAsync()).Succeeded);
        await rig.Sync();
        Assert.Empty(rig.Signaller.Sent);
        Assert.Contains("exited: a (terminated by SIGKILL; not expected)", rig.Log.Messages);
        Assert.DoesNotContain(rig.Log.Messages, m => m.StartsWith("stopped: a", StringComparison.Ordinal));
    }
}
