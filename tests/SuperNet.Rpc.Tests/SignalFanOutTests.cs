using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Events;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>
/// signalProcessGroup/signalAllProcesses with an event listener among the processes signalled. supervisord signals
/// the whole set in one request, so a process that dies of the signal is reaped, and its PROCESS_STATE_EXITED goes
/// out, only after the listener has been signalled too. supernetd used to signal one process per loop pass: the
/// exit of a process signalled first was handled between two signals and its event sent to the listener, which
/// then died of its own signal holding it (and its next instance got it again). Here the fake kill reaps at once,
/// the way a SIGKILL followed by a prompt reaper would.
/// </summary>
public sealed class SignalFanOutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly string[] Exits = ["PROCESS_STATE_EXITED"];

    [Fact]
    public async Task Signal_all_handles_no_exit_before_the_listener_after_it_is_signalled()
    {
        var pool = ListenerHarness.Pool(10, Exits) with { Priority = 2 };
        await using var h = new ListenerHarness(Rig.Single(Rig.Program("a", priority: 1) with { StartSecs = 0 }), pool);
        var seen = await KillEachAtOnce(h, "pool:listener", ["a:a"]);
        var results = await Rpc(h.Rig, pool).CallAsync("supervisor.signalAllProcesses", [new XmlRpcString("KILL")], CancellationToken.None)
            .AsTask().WaitAsync(Deadline);
        Assert.Equal([("a", "OK"), ("listener", "OK")], Described(results));
        var (changes, log) = seen();
        Assert.DoesNotContain(changes, e => e.StartsWith("a:RUNNING->EXITED", StringComparison.Ordinal));
        Assert.DoesNotContain(log, m => m.EndsWith(" sent to listener listener", StringComparison.Ordinal));
        await AssertDeliveredToTheNextListener(h, signalled: 1, "processname:a ");
    }

    [Fact]
    public async Task Signal_group_handles_no_exit_before_the_last_member_is_signalled()
    {
        var pool = ListenerHarness.Pool(10, Exits, ListenerHarness.Listener("l_0"), ListenerHarness.Listener("l_1"));
        await using var h = new ListenerHarness(pool);
        var seen = await KillEachAtOnce(h, "pool:l_1", ["pool:l_0"]);
        var results = await Rpc(h.Rig, pool).CallAsync("supervisor.signalProcessGroup", [new XmlRpcString("pool"), new XmlRpcString("9")],
            CancellationToken.None).AsTask().WaitAsync(Deadline);
        Assert.Equal([("l_0", "OK"), ("l_1", "OK")], Described(results));
        var (changes, log) = seen();
        Assert.DoesNotContain(changes, e => e.StartsWith("l_0:RUNNING->EXITED", StringComparison.Ordinal));
        Assert.DoesNotContain(log, m => m.EndsWith(" sent to listener l_1", StringComparison.Ordinal));
        // l_0 comes back as spawn 2 and l_1 as spawn 3; l_0's exit goes to the first of them that is READY.
        await AssertDeliveredToTheNextListener(h, signalled: 2, "processname:l_0 ");
    }

    [Fact]
    public async Task Signal_group_leaves_out_a_member_whose_exit_is_held_as_supervisord_which_reaped_it()
    {
        // The published view still shows x RUNNING: its reaped exit waits for the pump to read its pipes. supervisord
        // finished that exit when it reaped it, so its predicate finds x EXITED and lists nothing for it.
        var group = Rig.Group("g", 1, Rig.Program("x", priority: 1) with { StartSecs = 0, AutoRestart = AutoRestart.False },
            Rig.Program("y", priority: 2) with { StartSecs = 0 });
        await using var rig = new Rig(group);
        rig.Spawner.Pipes = () => new ChildPipes(File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), null);
        await rig.Sync();
        rig.Supervisor.PostChildExit(await rig.Pid("g:x"), WaitStatus.FromSignal(Signals.KILL));
        await rig.Sync();
        Assert.Equal(ProcessState.Running, rig.Supervisor.View.FindGroup("g")!.Processes[0].State);
        var results = await Rpc(rig, group).CallAsync("supervisor.signalProcessGroup", [new XmlRpcString("g"), new XmlRpcString("HUP")],
            CancellationToken.None).AsTask().WaitAsync(Deadline);
        Assert.Equal([("y", "OK")], Described(results));
        Assert.Equal([(await rig.Pid("g:y"), Signals.HUP)], rig.Signaller.Sent.Select(s => (s.Pid, s.Signal)));
        Assert.Equal(ProcessState.Exited, await rig.State("g:x"));
    }

    /// <summary>
    /// Every listener READY; from now on a kill makes its target exit at once (the exit posted to the loop from inside
    /// the kill). Returns the state changes the engine had made, and the main log's messages, when <paramref name="last"/>
    /// was signalled (the log says each event sent, on the loop's thread; the bytes go out on another).
    /// </summary>
    private static async Task<Func<(IReadOnlyList<string> Changes, IReadOnlyList<string> Log)>> KillEachAtOnce(ListenerHarness h, string last, string[] others)
    {
        await h.Rig.AdvanceUntil(() => Task.FromResult(AllRunning(h, h.Rig.Supervisor.View.Groups)));
        for (var i = 0; i < h.Spawns; i++)
        {
            await h.Say(i, "READY\n");
        }
        var lastPid = await h.Rig.Pid(last);
        var pids = new List<int> { lastPid };
        foreach (var other in others)
        {
            pids.Add(await h.Rig.Pid(other));
        }
        (IReadOnlyList<string>, IReadOnlyList<string>)? seenAtLast = null;
        h.Rig.Signaller.Errno = (pid, signal) =>
        {
            if (pid == lastPid)
            {
                seenAtLast = (h.Rig.Events.Seen, [.. h.Rig.Log.Messages]);
            }
            if (pids.Contains(pid))
            {
                h.Rig.Pump.Close(pid);
                h.Rig.Supervisor.PostChildExit(pid, WaitStatus.FromSignal(signal));
            }
            return 0;
        };
        return () => seenAtLast ?? throw new InvalidOperationException(last + " was never signalled");
    }

    private static bool AllRunning(ListenerHarness h, IEnumerable<GroupView> groups) =>
        h.Spawns > 0 && groups.SelectMany(g => g.Processes).All(p => p.State == ProcessState.Running);

    /// <summary>
    /// The exit is not lost: once the <paramref name="signalled"/> listener instances are all back, the first new one
    /// gets it, first of all. (One already signalled may have been sent it before its own exit was handled: it comes
    /// back to the queue, as it would from supervisord when the two exits are reaped in different passes.)
    /// </summary>
    private static async Task AssertDeliveredToTheNextListener(ListenerHarness h, int signalled, string payloadStart)
    {
        await h.Rig.AdvanceUntil(() => Task.FromResult(h.Spawns == signalled * 2 && AllRunning(h, h.Rig.Supervisor.View.Groups)));
        await h.Say(signalled, "READY\n");
        var first = (await h.WaitReceived(signalled, 1))[0];
        Assert.StartsWith(payloadStart, first.Payload, StringComparison.Ordinal);
    }

    private static RpcDispatcher Rpc(Rig rig, params GroupConfig[] groups)
    {
        var config = new SupervisorConfig
        {
            ConfigFile = "/etc/supervisord.conf",
            Supervisord = new SupervisordOptions(),
            Servers = [],
            Groups = groups,
        };
        return new RpcDispatcher(new RpcContext(rig.Supervisor, config, null, () => config));
    }

    private static IEnumerable<(string Name, string Description)> Described(XmlRpcValue results) =>
        results.AsArray().Select(r => (r.AsStruct()["name"]!.AsString(), r.AsStruct()["description"]!.AsString()));
}
