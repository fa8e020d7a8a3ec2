using System.Net.Sockets;
using System.Text;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>What the socket server owns itself: persistence per version, pipelining, 100-continue, framing errors (contract §1.2).</summary>
public sealed class HttpProtocolTests : IAsyncLifetime
{
    private static readonly string ApiVersionCall = Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", []));
    private readonly TempDir _dir = new();
    private TestServer _server = null!;
    private OracleEngine _engine = null!;

    public async Task InitializeAsync()
    {
        _engine = await OracleEngine.StartAsync(_dir.Path);
        _server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"));
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private static byte[] Call(string version, string connection = "", string expect = "")
    {
        var body = Encoding.UTF8.GetBytes(ApiVersionCall);
        var head = $"POST /RPC2 {version}\r\nHost: localhost\r\n{connection}{expect}Content-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    /// <summary>Reads exactly one answer framed by Content-Length, leaving the connection open.</summary>
    private static async Task<RawHttp.Reply> ReadOneAsync(Socket socket, MemoryStream pending)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[65536];
        while (true)
        {
            var data = pending.ToArray();
            var end = data.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end > 0)
            {
                var head = RawHttp.Parse(data[..(end + 4)]);
                var total = end + 4 + int.Parse(head.Headers["Content-Length"]);
                if (data.Length >= total)
                {
                    pending.SetLength(0);
                    pending.Write(data, total, data.Length - total);
                    return RawHttp.Parse(data[..total]);
                }
            }
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.True(n > 0, "server closed the connection early: " + Encoding.Latin1.GetString(data));
            pending.Write(buffer, 0, n);
        }
    }

    private static async Task AssertClosedAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.Equal(0, await socket.ReceiveAsync(new byte[16], cts.Token));
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Http11PersistsAndAnswersPipelinedRequestsInOrder(string transport)
    {
        using var socket = RawHttp.Connect(_server[transport]);
        var getState = XmlRpcWriter.WriteMethodCall("supervisor.getState", []);
        var second = Encoding.ASCII.GetBytes($"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: {getState.Length}\r\n\r\n");
        byte[] pipelined = [.. Call("HTTP/1.1"), .. second, .. getState, .. "GET /ok.html HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray()];
        await socket.SendAsync(pipelined);
        var pending = new MemoryStream();
        var first = await ReadOneAsync(socket, pending);
        Assert.Equal("HTTP/1.1 200 OK", first.StatusLine);
        Assert.False(first.Headers.ContainsKey("Connection"));
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(first.Body).Value!.AsString());
        var state = await ReadOneAsync(socket, pending);
        Assert.Contains("statename", state.Text);
        var ok = await ReadOneAsync(socket, pending);
        Assert.Equal("OK", ok.Text);
        Assert.NotEmpty(ok.Headers["Date"]);
    }

    /// <summary>
    /// The first answer is written while the second request's body is still on its way: the receive that watched for
    /// the client leaving during the first must hand its bytes to the second's body, not race a read of its own.
    /// </summary>
    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task APipelinedBodyArrivingAfterTheFirstAnswerIsRead(string transport)
    {
        using var socket = RawHttp.Connect(_server[transport]);
        var getState = XmlRpcWriter.WriteMethodCall("supervisor.getState", []);
        var second = Encoding.ASCII.GetBytes($"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: {getState.Length}\r\n\r\n");
        var half = getState.Length / 2;
        await socket.SendAsync((byte[])[.. Call("HTTP/1.1"), .. second, .. getState[..half]]);
        var pending = new MemoryStream();
        var first = await ReadOneAsync(socket, pending);
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(first.Body).Value!.AsString());
        await socket.SendAsync(getState[half..]);
        var state = await ReadOneAsync(socket, pending);
        Assert.Equal("HTTP/1.1 200 OK", state.StatusLine);
        Assert.Contains("statename", state.Text);
    }

    /// <summary>
    /// Heads sent a byte at a time on one connection, the second after a stray CRLF: the search for a head's end
    /// resumes where the last arrival's stopped, and starts afresh for the next head.
    /// </summary>
    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task HeadsSentAByteAtATimeAreAnsweredInOrder(string transport)
    {
        using var socket = RawHttp.Connect(_server[transport]);
        if (transport == "tcp")
        {
            socket.NoDelay = true;
        }
        var pending = new MemoryStream();
        foreach (byte[] request in new[] { Call("HTTP/1.1"), [.. "\r\n"u8, .. Call("HTTP/1.1")] })
        {
            foreach (var b in request)
            {
                await socket.SendAsync(new[] { b });
            }
            var reply = await ReadOneAsync(socket, pending);
            Assert.Equal("HTTP/1.1 200 OK", reply.StatusLine);
            Assert.Equal("3.0", XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
        }
    }

    [Fact]
    public async Task Http11ClosesWhenAsked()
    {
        using var socket = RawHttp.Connect(_server.Unix);
        await socket.SendAsync(Call("HTTP/1.1", "Connection: close\r\n"));
        var reply = await ReadOneAsync(socket, new MemoryStream());
        Assert.Equal("close", reply.Headers["Connection"]);
        await AssertClosedAsync(socket);
    }

    [Fact]
    public async Task Http10ClosesUnlessAskedToKeepAlive()
    {
        using (var socket = RawHttp.Connect(_server.Unix))
        {
            await socket.SendAsync(Call("HTTP/1.0"));
            var reply = await ReadOneAsync(socket, new MemoryStream());
            Assert.Equal("HTTP/1.0 200 OK", reply.StatusLine);
            Assert.Equal("close", reply.Headers["Connection"]);
            await AssertClosedAsync(socket);
        }
        using (var socket = RawHttp.Connect(_server.Tcp))
        {
            var pending = new MemoryStream();
            await socket.SendAsync(Call("HTTP/1.0", "Connection: keep-alive\r\n"));
            Assert.Equal("Keep-Alive", (await ReadOneAsync(socket, pending)).Headers["Connection"]);
            await socket.SendAsync(Call("HTTP/1.0"));
            Assert.Equal("HTTP/1.0 200 OK", (await ReadOneAsync(socket, pending)).StatusLine);
            await AssertClosedAsync(socket);
        }
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task ExpectContinueIsAnsweredBeforeTheBodyIsSent(string transport)
    {
        var request = Call("HTTP/1.1", expect: "Expect: 100-continue\r\n");
        var split = request.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        using var socket = RawHttp.Connect(_server[transport]);
        await socket.SendAsync(request[..split]);
        var pending = new MemoryStream();
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!Encoding.Latin1.GetString(pending.ToArray()).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.True(n > 0);
            pending.Write(buffer, 0, n);
        }
        Assert.Equal("HTTP/1.1 100 Continue\r\n\r\n", Encoding.Latin1.GetString(pending.ToArray()));
        pending.SetLength(0);
        await socket.SendAsync(request[split..]);
        var reply = await ReadOneAsync(socket, pending);
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
    }

    [Theory]
    [InlineData("GARBAGE\r\n\r\n")]
    [InlineData("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n")]
    [InlineData("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello")]
    [InlineData("POST /RPC2 HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")]
    public async Task MalformedHeadsAre400AndClose(string request)
    {
        var reply = await RawHttp.SendAsync(_server.Unix, Encoding.ASCII.GetBytes(request));
        Assert.Equal(400, reply.Status);
        Assert.Equal("close", reply.Headers["Connection"]);
        Assert.Contains("Error code 400.", reply.Text);
    }

    /// <summary>
    /// supervisord drops such a connection without an answer (its UTF-8 decoding of the head raises); the call was
    /// served as Latin-1. A 400 that says the request is bad, and the server serves the next one.
    /// </summary>
    [Theory]
    [InlineData("GET /\xff HTTP/1.0\r\n\r\n")]
    [InlineData("GET /ok.html?x=\xe9 HTTP/1.0\r\n\r\n")]
    [InlineData("GET /ok.html HTTP/1.0\r\nX-Odd: caf\xe9\r\n\r\n")]
    public async Task AHeadThatIsNotUtf8Is400AndClose(string request)
    {
        var reply = await RawHttp.SendAsync(_server.Unix, Encoding.Latin1.GetBytes(request));
        Assert.Equal(400, reply.Status);
        Assert.Equal("close", reply.Headers["Connection"]);
        var next = await RawHttp.SendAsync(_server.Unix, Call("HTTP/1.0"));
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(next.Body).Value!.AsString());
    }

    [Fact]
    public async Task AnOversizedHeadIs400()
    {
        var request = "GET /ok.html HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 70_000) + "\r\n\r\n";
        var reply = await RawHttp.SendAsync(_server.Unix, Encoding.ASCII.GetBytes(request));
        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task AChunkedRequestBodyIsRefusedAsSupervisordDoes()
    {
        var reply = await RawHttp.SendAsync(_server.Unix,
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"u8.ToArray());
        Assert.Equal(411, reply.Status);
        Assert.Equal("close", reply.Headers["Connection"]);
    }

    [Fact]
    public async Task AClientLeavingMidRequestLeavesTheServerUp()
    {
        using (var socket = RawHttp.Connect(_server.Unix))
        {
            await socket.SendAsync("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n<method"u8.ToArray());
        }
        using (var socket = RawHttp.Connect(_server.Unix))
        {
            await socket.SendAsync("GET /ok.h"u8.ToArray());
        }
        var reply = await RawHttp.SendAsync(_server.Unix, Call("HTTP/1.0"));
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
    }

    [Fact]
    public async Task StopClosesIdleKeepAliveConnections()
    {
        using var socket = RawHttp.Connect(_server.Tcp);
        await socket.SendAsync(Call("HTTP/1.1"));
        await ReadOneAsync(socket, new MemoryStream());
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await _server.Server.StopAsync(cts.Token);
        await AssertClosedAsync(socket);
    }
}
