using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>
/// Group start and stop with a member whose reaped exit is held for its output, so the published view still shows it
/// RUNNING. supervisord finished that exit when it reaped it, and its make_allfunc predicate (isNotRunning,
/// isRunning) sees the member EXITED in the same pass that acts: a stop lists nothing for it, a start starts it.
/// supernetd chose the members on the published view: the stop listed it NOT_RUNNING, the start left it out.
/// </summary>
public sealed class HeldExitFanOutTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static readonly GroupConfig Group = Rig.Group("g", 1,
        Rig.Program("x", priority: 1) with { StartSecs = 0, AutoRestart = AutoRestart.False },
        Rig.Program("y", priority: 2) with { StartSecs = 0, AutoStart = false });

    private static async Task<(Rig Rig, RpcDispatcher Rpc)> WithXsExitHeld()
    {
        var rig = new Rig(Group);
        rig.Spawner.Pipes = () => new ChildPipes(File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), null);
        await rig.Sync();
        rig.Supervisor.PostChildExit(await rig.Pid("g:x"), WaitStatus.FromExitCode(0));
        await rig.Sync();
        Assert.Equal(ProcessState.Running, rig.Supervisor.View.FindGroup("g")!.Processes[0].State);
        var config = new SupervisorConfig
        {
            ConfigFile = "/etc/supervisord.conf",
            Supervisord = new SupervisordOptions(),
            Servers = [],
            Groups = [Group],
        };
        return (rig, new RpcDispatcher(new RpcContext(rig.Supervisor, config, null, () => config)));
    }

    [Fact]
    public async Task Stop_group_leaves_out_a_member_whose_exit_is_held()
    {
        var (rig, rpc) = await WithXsExitHeld();
        await using var _ = rig;
        await rpc.CallAsync("supervisor.startProcess", [new XmlRpcString("g:y")], CancellationToken.None).AsTask().WaitAsync(Deadline);
        var y = await rig.Pid("g:y");
        var results = await rpc.CallAsync("supervisor.stopProcessGroup", [new XmlRpcString("g"), XmlRpcBoolean.False], CancellationToken.None)
            .AsTask().WaitAsync(Deadline);
        Assert.Equal([("y", "OK")], Described(results));
        Assert.Equal([y], rig.Signaller.Sent.Select(s => s.Pid));
        Assert.Equal(ProcessState.Exited, await rig.State("g:x"));
    }

    [Fact]
    public async Task Start_group_starts_a_member_whose_exit_is_held()
    {
        var (rig, rpc) = await WithXsExitHeld();
        await using var _ = rig;
        var first = await rig.Pid("g:x");
        var results = await rpc.CallAsync("supervisor.startProcessGroup", [new XmlRpcString("g"), XmlRpcBoolean.False], CancellationToken.None)
            .AsTask().WaitAsync(Deadline);
        Assert.Equal([("x", "OK"), ("y", "OK")], Described(results));
        // x's first spawn, then x again and y.
        Assert.Equal(3, rig.Spawner.Count);
        Assert.NotEqual(first, await rig.Pid("g:x"));
        Assert.Equal(ProcessState.Running, await rig.State("g:x"));
    }

    private static IEnumerable<(string Name, string Description)> Described(XmlRpcValue results) =>
        results.AsArray().Select(r => (r.AsStruct()["name"]!.AsString(), r.AsStruct()["description"]!.AsString()));
}
