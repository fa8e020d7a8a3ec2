using SuperNet.Core.Processes;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Supervision;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>The one group/all fan-out (contract §2.6, traps 2-4) over the real engine with fake OS and clock.</summary>
public sealed class FanOutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static ProcessConfig Manual(string name, string command = "/bin/sleep 100", int priority = 999) =>
        Rig.Program(name, command, priority) with { AutoStart = false };

    private sealed class Setup : IAsyncDisposable
    {
        public Setup(params GroupConfig[] groups)
        {
            var config = new SupervisorConfig
            {
                ConfigFile = "/etc/supervisord.conf",
                Supervisord = new SupervisordOptions(),
                Servers = [],
                Groups = groups,
            };
            Rig = new Rig(config, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, null);
            Rpc = new RpcDispatcher(new RpcContext(Rig.Supervisor, config, null, () => config));
        }

        public Rig Rig { get; }
        public RpcDispatcher Rpc { get; }

        public Task<XmlRpcValue> Call(string method, params XmlRpcValue[] args) => Rpc.CallAsync(method, args, CancellationToken.None).AsTask();

        public ValueTask DisposeAsync() => Rig.DisposeAsync();
    }

    private static IEnumerable<(string Name, string Description)> Described(XmlRpcValue results) =>
        results.AsArray().Select(r => (r.AsStruct()["name"]!.AsString(), r.AsStruct()["description"]!.AsString()));

    [Fact]
    public async Task Group_start_acts_on_non_running_members_and_reports_in_completion_order()
    {
        await using var s = new Setup(Rig.Group("g", 1,
            Manual("slow", priority: 1) with { StartSecs = 3 },
            Manual("fast", priority: 2) with { StartSecs = 1 },
            Manual("missing", "/nonexistent/thing", priority: 3),
            Rig.Program("already", priority: 4)));
        await s.Rig.Sync();
        var start = s.Call("supervisor.startProcessGroup", "g");
        // The fan-out begins one member after another, each a post from the previous one's continuation: fake
        // time may only move once the last timed member (fast) has begun, or its startsecs would start late.
        await Wait.UntilAsync(async () => await s.Rig.State("g:fast") == ProcessState.Starting, "g:fast to begin starting");
        await s.Rig.AdvanceTo(TimeSpan.FromSeconds(4));
        var results = await start.WaitAsync(Deadline);
        Assert.Equal(
            [("missing", "NO_FILE: can't find command '/nonexistent/thing'"), ("fast", "OK"), ("slow", "OK")],
            Described(results));
        Assert.All(results.AsArray(), r => Assert.Equal("g", r.AsStruct()["group"]!.AsString()));
        Assert.Equal((int)Fault.NoFile, results.AsArray()[0].AsStruct()["status"]!.AsInt());
    }

    [Fact]
    public async Task Group_commands_act_in_stable_priority_order()
    {
        // Config order zeta, alpha, mid, beta; only mid has a lower priority (issue 13).
        await using var s = new Setup(Rig.Group("g", 999,
            Rig.Program("zeta") with { StartSecs = 0 }, Rig.Program("alpha") with { StartSecs = 0 },
            Rig.Program("mid", priority: 1) with { StartSecs = 0 }, Rig.Program("beta") with { StartSecs = 0 }));
        await s.Rig.Sync();
        var results = await s.Call("supervisor.signalProcessGroup", "g", "HUP").WaitAsync(Deadline);
        Assert.Equal(["mid", "zeta", "alpha", "beta"], Described(results).Select(r => r.Name));
        Assert.Equal([102, 100, 101, 103], s.Rig.Signaller.Sent.Select(x => x.Pid));
    }

    [Fact]
    public async Task Group_commands_on_an_unknown_group_fault_as_a_whole()
    {
        await using var s = new Setup();
        var fault = await Assert.ThrowsAsync<RpcFaultException>(() => s.Call("supervisor.startProcessGroup", "nope"));
        Assert.Equal(Outcome.Of(Fault.BadName, "nope"), fault.Outcome);
    }

    [Fact]
    public async Task Stop_all_signals_everything_at_once_in_ascending_order()
    {
        await using var s = new Setup(
            Rig.Group("b", 2, Rig.Program("b1") with { StartSecs = 0 }),
            Rig.Group("a", 1, Rig.Program("a2", priority: 2) with { StartSecs = 0 }, Rig.Program("a1", priority: 1) with { StartSecs = 0 }),
            Rig.Single(Manual("idle")));
        await s.Rig.Sync();
        var stop = s.Call("supervisor.stopAllProcesses");
        var until = DateTime.UtcNow + Deadline;
        while (s.Rig.Signaller.Sent.Count < 3)
        {
            Assert.True(DateTime.UtcNow < until, "not every process was signalled");
            await Task.Delay(10);
        }
        var names = s.Rig.Supervisor.View.Groups.SelectMany(g => g.Processes).ToDictionary(p => p.Pid, p => p.Name);
        Assert.Equal(["a1", "a2", "b1"], s.Rig.Signaller.Sent.Select(sent => names[sent.Pid]));
        await s.Rig.ExitWith("b:b1", WaitStatus.FromSignal(Signals.TERM));
        await s.Rig.ExitWith("a:a1", WaitStatus.FromSignal(Signals.TERM));
        await s.Rig.ExitWith("a:a2", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(["b1", "a1", "a2"], Described(await stop.WaitAsync(Deadline)).Select(r => r.Name));
    }

    [Fact]
    public async Task Signal_group_reports_bad_signal_per_signallable_process()
    {
        await using var s = new Setup(Rig.Group("g", 1, Rig.Program("x"), Rig.Program("y"), Manual("z")));
        await s.Rig.Sync();
        var results = await s.Call("supervisor.signalProcessGroup", "g", "NOPE");
        Assert.Equal([("x", "BAD_SIGNAL: NOPE"), ("y", "BAD_SIGNAL: NOPE")], Described(results));
        Assert.Empty(s.Rig.Signaller.Sent);
    }
}
