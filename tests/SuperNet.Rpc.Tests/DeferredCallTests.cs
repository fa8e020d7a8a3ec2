using System.Text;
using SuperNet.Core.Processes;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>A waiting call holds only its own connection (contract §1.5).</summary>
public class DeferredCallTests
{
    private static byte[] Call(string method, params XmlRpcValue[] args) =>
        RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall(method, args)));

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task OtherClientsAreServedWhileAStartWaits(string transport)
    {
        using var dir = new TempDir();
        // idle needs a second of (fake) time to count as started: its start waits until the test moves the clock.
        await using var engine = await OracleEngine.StartAsync(dir.Path, p => p.Name == "idle" ? p with { StartSecs = 1 } : p);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"));

        var waiting = RawHttp.SendAsync(server[transport], Call("supervisor.startProcess", "idle", true));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            var info = await RawHttp.SendAsync(server[transport], Call("supervisor.getProcessInfo", "idle"));
            if (XmlRpcReader.ReadResponse(info.Body).Value!.AsStruct()["statename"]!.AsString() == "STARTING")
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the start never began");
        }
        Assert.False(waiting.IsCompleted);

        await engine.Rig.AdvanceUntil(async () => await engine.Rig.State("idle") == ProcessState.Running);
        var reply = await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(200, reply.Status);
        Assert.Equal(XmlRpcBoolean.True, XmlRpcReader.ReadResponse(reply.Body).Value);
    }
}
