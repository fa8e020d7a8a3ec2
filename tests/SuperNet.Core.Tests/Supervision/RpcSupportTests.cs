using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>What the RPC backend builds on: the published view, two-phase start/stop, clearProcessLogs.</summary>
public sealed class RpcSupportTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task View_is_published_at_construction_and_after_each_change()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { AutoStart = false, StartSecs = 0 }));
        await rig.Sync();
        var initial = rig.Supervisor.View;
        Assert.True(initial.Accepting);
        Assert.Equal(ProcessState.Stopped, initial.Groups.Single().Processes.Single().State);
        Assert.Equal("Not started", initial.Groups[0].Processes[0].Info(rig.Time.GetUtcNow(), TimeZoneInfo.Utc).Description);

        Assert.Equal(Outcome.Ok, await rig.Supervisor.StartProcessAsync("a"));
        await rig.Sync();
        var running = rig.Supervisor.View.Groups[0].Processes[0];
        Assert.Equal(ProcessState.Running, running.State);
        Assert.Equal(100, running.Pid);
        Assert.Equal("/logs/a-stdout.log", running.StdoutLogfile);

        // Only the clock moved: the same view object, with a description computed at read time.
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Same(running, rig.Supervisor.View.Groups[0].Processes[0]);
        Assert.Equal("pid 100, uptime 0:00:05", running.Info(rig.Time.GetUtcNow(), TimeZoneInfo.Utc).Description);

        await rig.Signal(Signals.TERM);
        Assert.False(rig.Supervisor.View.Accepting);
    }

    [Fact]
    public async Task Added_and_removed_groups_appear_in_the_view()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { AutoStart = false }));
        await rig.Sync();
        var b = Rig.Single(Rig.Program("b") with { AutoStart = false });
        Assert.Equal(Outcome.Ok, await rig.Supervisor.AddGroupAsync(b));
        Assert.Equal(["a", "b"], rig.Supervisor.View.Groups.Select(g => g.Name));
        Assert.Same(b, rig.Supervisor.View.Groups[1].Config);
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RemoveGroupAsync("a"));
        Assert.Equal(["b"], rig.Supervisor.View.Groups.Select(g => g.Name));
    }

    [Fact]
    public async Task BeginStart_answers_once_spawned_and_completes_at_running()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { AutoStart = false, StartSecs = 1 }));
        await rig.Sync();
        var begun = await rig.Supervisor.BeginStartAsync("a");
        Assert.Equal(Outcome.Ok, begun.Outcome);
        Assert.NotNull(begun.Completion);
        Assert.False(begun.Completion.IsCompleted);
        Assert.Equal(ProcessState.Starting, await rig.State("a"));

        await rig.AdvanceUntil(async () => await rig.State("a") == ProcessState.Running);
        Assert.Equal(Outcome.Ok, await begun.Completion.WaitAsync(Deadline));
    }

    [Fact]
    public async Task BeginStart_refusals_come_at_once_and_a_stopping_process_fails_only_the_wait()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0 }));
        await rig.Sync();
        var again = await rig.Supervisor.BeginStartAsync("a");
        Assert.Equal(Outcome.Of(Fault.AlreadyStarted, "a"), again.Outcome);
        Assert.Null(again.Completion);
        Assert.Equal(Outcome.Of(Fault.BadName, "nosuch"), (await rig.Supervisor.BeginStartAsync("nosuch")).Outcome);

        // STOPPING: nothing is spawned; without waiting that is True, a waiter gets ABNORMAL_TERMINATION (trap 4).
        var stop = await rig.Supervisor.BeginStopAsync("a");
        Assert.Equal(Outcome.Ok, stop.Outcome);
        var start = await rig.Supervisor.BeginStartAsync("a");
        Assert.Equal(Outcome.Ok, start.Outcome);
        Assert.Equal(Outcome.Of(Fault.AbnormalTermination, "a"), await start.Completion!.WaitAsync(Deadline));
        Assert.Equal(1, rig.Spawner.Count);

        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(Outcome.Ok, await stop.Completion!.WaitAsync(Deadline));
    }

    [Fact]
    public async Task BeginStop_on_backoff_is_done_at_once_without_a_signal()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 5 }));
        await rig.Sync();
        await rig.ExitCode("a", 1);
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        var stop = await rig.Supervisor.BeginStopAsync("a");
        Assert.Equal(Outcome.Ok, stop.Outcome);
        Assert.True(stop.Completion!.IsCompletedSuccessfully);
        Assert.Equal(Outcome.Ok, stop.Completion.Result);
        Assert.Empty(rig.Signaller.Sent);
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), (await rig.Supervisor.BeginStopAsync("a")).Outcome);
    }

    [Fact]
    public async Task ClearProcessLogs_touches_only_a_running_process()
    {
        await using var rig = new Rig(
            Rig.Single(Rig.Program("a") with { StartSecs = 0 }),
            Rig.Single(Rig.Program("b") with { AutoStart = false }));
        await rig.Sync();
        Assert.Equal(Outcome.Ok, await rig.Supervisor.ClearProcessLogsAsync("a"));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.ClearProcessLogsAsync("b"));
        Assert.Equal(Outcome.Of(Fault.BadName, "c"), await rig.Supervisor.ClearProcessLogsAsync("c"));
        Assert.Equal(["a"], rig.ChildLogs.Cleared);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Only_a_waiting_stop_reports_waiting(bool reportWaiting)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0, StopWaitSecs = 30 }));
        await rig.Sync();
        var stop = await rig.Supervisor.BeginStopAsync("a", reportWaiting);
        Assert.Equal(Outcome.Ok, stop.Outcome);
        await rig.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(reportWaiting, rig.Log.Messages.Contains("waiting for a to stop"));
        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(Outcome.Ok, await stop.Completion!.WaitAsync(Deadline));
    }

    /// <summary>supervisord logs the lines from the request's answer, which goes with the caller's connection.</summary>
    [Fact]
    public async Task A_waiting_stop_reports_no_more_once_its_caller_has_gone()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0, StopWaitSecs = 30 }));
        await rig.Sync();
        using var caller = new CancellationTokenSource();
        var stop = await rig.Supervisor.BeginStopAsync("a", callerGone: caller.Token);
        Assert.Equal(Outcome.Ok, stop.Outcome);
        await rig.Sync();
        caller.Cancel();
        await rig.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, rig.Log.Messages.Count(m => m == "waiting for a to stop"));
        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(Outcome.Ok, await stop.Completion!.WaitAsync(Deadline));
    }
}
