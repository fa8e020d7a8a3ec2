using System.Text;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>
/// What one request may cost (issue 14: a 3.7 MB multicall asking for 370 MB of answer drove the daemon to
/// 2.3 GiB and kept it there): bounded, answered with a fault, and memory given back afterwards.
/// </summary>
public sealed class RequestCostTests : IAsyncLifetime
{
    private readonly TempDir _dir = new();
    private OracleEngine _engine = null!;

    public async Task InitializeAsync() => _engine = await OracleEngine.StartAsync(_dir.Path);

    public async Task DisposeAsync()
    {
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private static byte[] Multicall(string method, int times) => RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall(
        "system.multicall",
        [new XmlRpcArray([.. Enumerable.Repeat<XmlRpcValue>(new XmlRpcStruct([new("methodName", method), new("params", new XmlRpcArray([]))]), times)])])));

    private static XmlRpcFault FaultOf(RawHttp.Reply reply)
    {
        Assert.Equal(200, reply.Status);
        return XmlRpcReader.ReadResponse(reply.Body).Fault ?? throw new Xunit.Sdk.XunitException("no fault: " + reply.Text[..200]);
    }

    [Fact]
    public async Task A_multicall_of_more_calls_than_the_limit_is_refused_whole()
    {
        await using var server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"));
        var fault = FaultOf(await RawHttp.SendAsync(server.Unix, Multicall("supervisor.getAPIVersion", 1001)));
        Assert.Equal(((int)Fault.IncorrectParameters, "INCORRECT_PARAMETERS: system.multicall takes at most 1000 calls"), (fault.Code, fault.Message));

        var reply = await RawHttp.SendAsync(server.Unix, Multicall("supervisor.getAPIVersion", 1000));
        Assert.Equal(1000, XmlRpcReader.ReadResponse(reply.Body).Value!.AsArray().Count);
    }

    [Fact]
    public async Task A_multicall_whose_answer_would_exceed_the_limit_is_refused()
    {
        var limits = new ServerLimits { MaxMulticallAnswerBytes = 64 * 1024 };
        await using var server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"), limits: limits);
        var fault = FaultOf(await RawHttp.SendAsync(server.Tcp, Multicall("supervisor.getAllProcessInfo", 500)));
        Assert.Equal((int)Fault.Failed, fault.Code);
        Assert.Equal("FAILED: the answer of this system.multicall would exceed 65536 bytes", fault.Message);

        var reply = await RawHttp.SendAsync(server.Tcp, Multicall("supervisor.getAllProcessInfo", 5));
        Assert.Equal(5, XmlRpcReader.ReadResponse(reply.Body).Value!.AsArray().Count);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_refused_before_it_is_parsed()
    {
        await using var server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"));
        var reply = await RawHttp.SendAsync(server.Unix, Multicall("supervisor.getAPIVersion", 30_000));
        Assert.Equal(413, reply.Status);
    }

    [Fact]
    public async Task Memory_is_given_back_when_the_last_connection_closes_after_big_requests()
    {
        var limits = new ServerLimits { TrimAfterAllocatedBytes = 1 << 20 };
        await using var server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"), limits: limits);
        await RawHttp.SendAsync(server.Unix, Multicall("supervisor.getAllProcessInfo", 200));
        var until = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (server.Server.Trims == 0)
        {
            Assert.True(DateTime.UtcNow < until, "the heap was not trimmed after the connection closed");
            await Task.Delay(10);
        }
    }
}
