using SuperNet.Core.Config;
using SuperNet.Core.Tests.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Engine;

/// <summary>
/// addProcessGroup beside reloadConfig, over the real engine: supervisord runs each request whole, so the group added
/// and the reread's answer always fit one order of the two requests.
/// </summary>
public sealed class AddProcessGroupRaceTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static SupervisorConfig Read(string command) => new()
    {
        ConfigFile = "/etc/supervisord.conf",
        Supervisord = new SupervisordOptions(),
        Servers = [],
        Groups = [Rig.Group("b", 999, Rig.Program("b", command) with { AutoStart = false })],
    };

    /// <summary>
    /// The add looks "b" up in the first read, then waits behind a busy supervisor thread to create it; meanwhile a
    /// reread of a changed "b" completes. Unserialised, the reread answered "b" added (it was not active yet) while
    /// the group then made active was the older read's: no order of the two requests gives both. Serialised, the
    /// reread waits for the add, then answers "b" changed.
    /// </summary>
    [Fact]
    public async Task A_reread_during_an_add_never_answers_added_for_a_group_the_add_makes_from_an_older_read()
    {
        var first = Read("/bin/sleep 100");
        var second = Read("/bin/sleep 200");
        // Started without "b": it is available from the first read, not active.
        await using var rig = new Rig(first with { Groups = [] }, new Dictionary<string, string> { ["PATH"] = "/usr/bin:/bin" }, null);
        var rpc = new RpcDispatcher(new RpcContext(rig.Supervisor, first, null, () => second));
        Task<XmlRpcValue> Call(string method, params XmlRpcValue[] args) => rpc.CallAsync(method, args, CancellationToken.None).AsTask();
        await rig.Sync();

        // Holds the supervisor thread, so the add's creation of the group waits in its queue.
        using var release = new ManualResetEventSlim();
        var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var busy = rig.Supervisor.InvokeAsync(() =>
        {
            held.SetResult();
            return release.Wait(Deadline);
        });
        await held.Task.WaitAsync(Deadline);
        var add = Call("supervisor.addProcessGroup", "b");
        var reload = Call("supervisor.reloadConfig");
        // Unserialised, the reread needs nothing from the supervisor thread and ends at once; serialised, it waits
        // for the add, so this deadline always passes. Either way the supervisor thread is then let go.
        await Task.WhenAny(reload, Task.Delay(TimeSpan.FromSeconds(1)));
        release.Set();
        Assert.True(await busy.WaitAsync(Deadline));

        Assert.Equal(XmlRpcBoolean.True, await add.WaitAsync(Deadline));
        var diff = (await reload.WaitAsync(Deadline)).AsArray()[0].AsArray();
        string[] Names(int i) => [.. diff[i].AsArray().Select(n => n.AsString())];
        var active = rig.Supervisor.View.FindGroup("b")!.Config;
        var answer = $"added [{string.Join(' ', Names(0))}] changed [{string.Join(' ', Names(1))}], active b from the {(ReferenceEquals(active, first.Groups[0]) ? "first" : "second")} read";
        // Add then reread: the first read's "b" is active and the reread finds it changed.
        Assert.True(ReferenceEquals(active, first.Groups[0]) && Names(0).Length == 0 && Names(1).SequenceEqual(["b"]), answer);
    }
}
