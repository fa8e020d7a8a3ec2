using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Events;

/// <summary>Pools, their queue and dispatch (contract §8.4), on the engine with fake OS effects and time.</summary>
public sealed class ListenerPoolTests
{
    private static readonly string[] Remote = ["REMOTE_COMMUNICATION"];

    private static async Task SendRemote(ListenerHarness h, params string[] types)
    {
        foreach (var type in types)
        {
            Assert.True((await h.Rig.Supervisor.SendRemoteCommEventAsync(type, "data")).Succeeded);
        }
    }

    [Fact]
    public async Task Nothing_is_sent_before_the_listener_is_RUNNING_and_READY()
    {
        await using var h = new ListenerHarness(ListenerHarness.Pool(10, ["PROCESS_STATE"], ListenerHarness.Listener(startSecs: 1)));
        await h.Rig.Sync();
        await h.Say(0, "READY\n");
        // Dispatch is decided on the loop thread: a queue still full after a settled pass means nothing was sent.
        Assert.Equal((1, 0), await h.Rig.Supervisor.InvokeAsync(() => (h.Rig.Supervisor.Events.Pools[0].Queued, h.Received(0).Count)));
        await h.Rig.AdvanceUntil(async () => await h.Rig.State("pool:listener") == ProcessState.Running);
        var first = (await h.WaitReceived(0, 1))[0];
        Assert.Equal("ver:3.0 server:supervisor serial:0 pool:pool poolserial:0 eventname:PROCESS_STATE_STARTING len:62", first.Header);
        Assert.Equal("processname:listener groupname:pool from_state:STOPPED tries:0", first.Payload);
        Assert.Contains("event 0 sent to listener listener", h.Rig.Log.Messages);
    }

    [Fact]
    public async Task A_full_queue_drops_the_oldest_event_and_says_so()
    {
        await using var h = new ListenerHarness(ListenerHarness.Pool(2, Remote));
        await h.Rig.Sync();
        await SendRemote(h, "a", "b", "c", "d");
        Assert.Equal(["pool pool event buffer overflowed, discarding event 0", "pool pool event buffer overflowed, discarding event 1"],
            h.Rig.Log.Lines.Where(l => l.Level == LogLevel.Error).Select(l => l.Message));
        await h.Drain(0, 2);
        Assert.Equal(["type:c\ndata", "type:d\ndata"], h.Received(0).Select(e => e.Payload));
        Assert.Equal(["2", "3"], h.Received(0).Select(e => ListenerHarness.Field(e.Header, "serial")));
    }

    [Fact]
    public async Task A_rejected_event_comes_back_first_with_the_same_serials()
    {
        await using var h = new ListenerHarness(ListenerHarness.Pool(10, Remote));
        await h.Rig.Sync();
        await SendRemote(h, "first", "second");
        await h.Say(0, "READY\n");
        await h.WaitReceived(0, 1);
        await h.Say(0, "RESULT 4\nFAILREADY\n");
        var again = await h.WaitReceived(0, 2);
        Assert.Equal(again[0], again[1]);
        Assert.Contains("rebuffering event 0 for pool pool (buf size=1, max=10)", h.Rig.Log.Messages);
        await h.Say(0, "RESULT 2\nOKREADY\n");
        Assert.Equal("type:second\ndata", (await h.WaitReceived(0, 3))[2].Payload);
    }

    [Fact]
    public async Task A_pool_of_three_shares_events_in_config_order()
    {
        var pool = ListenerHarness.Pool(10, Remote,
            ListenerHarness.Listener("l_0"), ListenerHarness.Listener("l_1"), ListenerHarness.Listener("l_2"));
        await using var h = new ListenerHarness(pool);
        await h.Rig.Sync();
        Assert.Equal(3, h.Spawns);
        for (var i = 0; i < 3; i++)
        {
            await h.Say(i, "READY\n");
        }
        await SendRemote(h, "a", "b", "c", "d");
        for (var i = 0; i < 3; i++)
        {
            await h.WaitReceived(i, 1);
        }
        Assert.Equal(["type:a\ndata", "type:b\ndata", "type:c\ndata"], Enumerable.Range(0, 3).Select(i => h.Received(i)[0].Payload));
        await h.Say(1, "RESULT 2\nOKREADY\n");
        Assert.Equal("type:d\ndata", (await h.WaitReceived(1, 2))[1].Payload);
    }

    [Fact]
    public async Task A_listener_that_dies_while_BUSY_gets_its_event_again_after_the_respawn()
    {
        await using var h = new ListenerHarness(ListenerHarness.Pool(10, Remote));
        await h.Rig.Sync();
        await SendRemote(h, "held");
        await h.Say(0, "READY\n");
        await h.WaitReceived(0, 1);
        await h.Rig.ExitCode("pool:listener", 1);
        await h.Rig.AdvanceUntil(() => Task.FromResult(h.Spawns == 2));
        await h.Rig.Sync();
        await h.Say(1, "READY\n");
        Assert.Equal(h.Received(0)[0], (await h.WaitReceived(1, 1))[0]);
    }

    [Fact]
    public async Task A_listener_in_UNKNOWN_gets_nothing_more_while_its_process_stays_RUNNING()
    {
        await using var h = new ListenerHarness(ListenerHarness.Pool(10, Remote));
        await h.Rig.Sync();
        await h.Say(0, "garbage!\n");
        await SendRemote(h, "x");
        await h.Say(0, "READY\n");
        Assert.Equal(1, await h.Rig.Supervisor.InvokeAsync(() => h.Rig.Supervisor.Events.Pools[0].Queued));
        Assert.Empty(h.Received(0));
        Assert.Equal(ProcessState.Running, await h.Rig.State("pool:listener"));
        Assert.Contains(h.Rig.Log.Messages, m => m.StartsWith("listener: has entered the UNKNOWN state", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Startup_shutdown_groups_and_output_reach_the_pool_in_order()
    {
        var talker = Rig.Program("talk") with { StartSecs = 0, Stdout = new ChildLogOptions { EventsEnabled = true } };
        await using var h = new ListenerHarness(
            ListenerHarness.Pool(50, ["PROCESS_GROUP", "SUPERVISOR_STATE_CHANGE", "PROCESS_LOG", "PROCESS_STATE_RUNNING"]), Rig.Single(talker));
        await h.Rig.AdvanceUntil(async () => await h.Rig.State("talk") == ProcessState.Running);
        var talkSink = h.Rig.Pump.Added[h.OtherSinkIndex].Sink;
        talkSink.OnData("hello\n"u8);
        await h.Rig.Sync();
        Assert.True((await h.Rig.Supervisor.StopProcessAsync("talk", wait: false)).Succeeded);
        await h.Rig.ExitWith("talk", WaitStatus.FromSignal(Signals.TERM));
        Assert.True((await h.Rig.Supervisor.RemoveGroupAsync("talk")).Succeeded);
        var names = await h.Drain(0, 7);
        Assert.Equal(["PROCESS_GROUP_ADDED", "PROCESS_GROUP_ADDED", "SUPERVISOR_STATE_CHANGE_RUNNING", "PROCESS_STATE_RUNNING",
            "PROCESS_STATE_RUNNING", "PROCESS_LOG_STDOUT", "PROCESS_GROUP_REMOVED"], names);
        Assert.Equal("processname:talk groupname:talk pid:101 channel:stdout\nhello\n", h.Received(0)[5].Payload);
    }

    [Fact]
    public async Task An_event_written_into_a_broken_pipe_goes_to_the_next_listener()
    {
        var pool = ListenerHarness.Pool(10, Remote, ListenerHarness.Listener("l_0"), ListenerHarness.Listener("l_1"));
        await using var h = new ListenerHarness(pool);
        h.BrokenStdin.Add(0);
        await h.Rig.Sync();
        await h.Say(0, "READY\n");
        await h.Say(1, "READY\n");
        await SendRemote(h, "a");
        Assert.Equal("type:a\ndata", (await h.WaitReceived(1, 1))[0].Payload);
        Assert.Equal("0", ListenerHarness.Field(h.Received(1)[0].Header, "serial"));
        Assert.Contains("epipe occurred while sending event 0 to listener l_0, listener state unchanged", h.Rig.Log.Messages);
    }

    [Fact]
    public async Task Shutdown_lets_a_pool_take_its_queued_events_before_stopping_it()
    {
        await using var h = new ListenerHarness(
            ListenerHarness.Pool(10, ["SUPERVISOR_STATE_CHANGE_STOPPING", "PROCESS_STATE_STOPPED"]), Rig.Single(Rig.Program("a") with { StartSecs = 0 }));
        await h.Rig.AdvanceUntil(async () => await h.Rig.State("a") == ProcessState.Running);
        await h.Say(0, "READY\n");
        await h.Rig.Signal(Signals.TERM);
        await h.Rig.ExitWith("a", WaitStatus.FromSignal(Signals.TERM));
        await h.WaitReceived(0, 1);
        var listenerPid = await h.Rig.Pid("pool:listener");
        Assert.DoesNotContain(h.Rig.Signaller.Sent, s => s.Pid == listenerPid);
        await h.Say(0, "RESULT 2\nOKREADY\n");
        await h.WaitReceived(0, 2);
        await h.Say(0, "RESULT 2\nOKREADY\n");
        Assert.Equal(["SUPERVISOR_STATE_CHANGE_STOPPING", "PROCESS_STATE_STOPPED"],
            h.Received(0).Select(e => ListenerHarness.Field(e.Header, "eventname")));
        Assert.Contains(h.Rig.Signaller.Sent, s => s.Pid == listenerPid && s.Signal == Signals.TERM);
    }

    [Fact]
    public async Task Shutdown_waits_at_most_a_second_for_a_listener_that_does_not_answer()
    {
        await using var h = new ListenerHarness(ListenerHarness.Pool(10, ["SUPERVISOR_STATE_CHANGE"]));
        await h.Rig.Sync();
        await h.Say(0, "READY\n");
        var listenerPid = await h.Rig.Pid("pool:listener");
        await h.Rig.Signal(Signals.TERM);
        await h.WaitReceived(0, 1);
        Assert.DoesNotContain(h.Rig.Signaller.Sent, s => s.Pid == listenerPid);
        await h.Rig.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains(h.Rig.Signaller.Sent, s => s.Pid == listenerPid && s.Signal == Signals.TERM);
    }

    [Fact]
    public async Task Ticks_arm_the_timer_only_for_a_pool_that_listens_and_start_with_the_next_slice()
    {
        await using (var idle = new ListenerHarness(ListenerHarness.Pool(10, Remote)))
        {
            await idle.Rig.Sync();
            Assert.Null(await idle.Rig.ArmedDeadline());
        }
        await using var h = new ListenerHarness(ListenerHarness.Pool(10, ["TICK_5"]));
        await h.Rig.Sync();
        var armed = await h.Rig.ArmedDeadline();
        Assert.NotNull(armed);
        // Rig.T0 is 07:09:00 exactly: the slice it starts in gives no tick; 07:09:05 does.
        Assert.InRange(armed.Value, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5.01));
        await h.Rig.AdvanceTo(TimeSpan.FromSeconds(10.5));
        var ticks = await h.Drain(0, 2);
        Assert.Equal(["TICK_5", "TICK_5"], ticks);
        Assert.Equal(["when:" + (Rig.T0.ToUnixTimeSeconds() + 5), "when:" + (Rig.T0.ToUnixTimeSeconds() + 10)],
            h.Received(0).Select(e => e.Payload));
    }
}
