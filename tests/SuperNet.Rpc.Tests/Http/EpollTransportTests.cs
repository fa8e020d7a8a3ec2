using System.Net.Sockets;
using System.Text;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>
/// The control server's own epoll transport where it differs from a blocking socket: writes that wait for room
/// (an answer larger than the socket's buffers), a write and the close-watch read pending together, many
/// connections on the one loop thread, and the transfer deadline on a write that waits forever.
/// </summary>
public sealed class EpollTransportTests : IAsyncLifetime
{
    // Larger than any socket buffer (unix and loopback TCP default to about 200 KiB): the answer cannot leave at once.
    private const int LogBytes = 3 << 20;

    private readonly TempDir _dir = new();
    private OracleEngine _engine = null!;
    private TestServer _server = null!;

    private async Task StartAsync(ServerLimits? limits = null)
    {
        _engine = await OracleEngine.StartAsync(_dir.Path);
        _server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"), limits: limits);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // xUnit 2 never calls IAsyncDisposable on a test class: IAsyncLifetime is what ends the server, the engine and the directory.
    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
            await _engine.DisposeAsync();
        }
        _dir.Dispose();
    }

    /// <summary>Makes the main log LogBytes long and returns what readLog(0, 0) answers with.</summary>
    private string GrowMainLog()
    {
        var line = new string('x', 99) + "\n";
        var text = new StringBuilder();
        while (text.Length < LogBytes)
        {
            text.Append(line);
        }
        File.AppendAllText(_dir.File("supervisord.log"), text.ToString());
        return File.ReadAllText(_dir.File("supervisord.log"));
    }

    private static byte[] ReadLogCall() =>
        RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.readLog", new XmlRpcValue[] { 0, 0 })));

    private async Task WaitForNoConnectionsAsync(string why)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (_server.Server.OpenConnections > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, why);
            await Task.Delay(20);
        }
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task AnAnswerLargerThanTheSocketBuffersArrivesWhole(string transport)
    {
        await StartAsync();
        var log = GrowMainLog();
        var reply = await RawHttp.SendAsync(_server[transport], ReadLogCall());
        Assert.Equal(200, reply.Status);
        Assert.Equal(log, XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
    }

    [Fact]
    public async Task AClientThatLeavesDuringABigAnswerEndsItsConnection()
    {
        await StartAsync();
        GrowMainLog();
        using (var socket = RawHttp.Connect(_server.Unix))
        {
            // The answer cannot be all written before the client leaves: the write fails, or the close-watch sees it go.
            await socket.SendAsync(ReadLogCall());
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            Assert.True(await socket.ReceiveAsync(new byte[4096], cts.Token) > 0);
        }
        await WaitForNoConnectionsAsync("the connection outlived its client");
        var reply = await RawHttp.SendAsync(_server.Unix, RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", []))));
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
    }

    [Fact]
    public async Task AClientThatNeverReadsItsAnswerIsClosedAfterTheTransferDeadline()
    {
        await StartAsync(new ServerLimits { Transfer = TimeSpan.FromMilliseconds(300) });
        var answer = XmlRpcWriter.WriteResponse(GrowMainLog()).Length;
        using var socket = RawHttp.Connect(_server.Unix);
        socket.ReceiveBufferSize = 4096;
        await socket.SendAsync(ReadLogCall());
        // One byte: the answer has begun (so the connection is open), and the server's write still waits for room.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Assert.Equal(1, await socket.ReceiveAsync(new byte[1], cts.Token));
        await WaitForNoConnectionsAsync("a write that can never finish kept its connection");
        var received = 1;
        var buffer = new byte[65536];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
            {
                received += n;
            }
        }
        catch (SocketException)
        {
            // A reset is as good an ending: the server closed with unsent bytes.
        }
        Assert.True(received < answer, $"{received} bytes of {answer}: the whole answer arrived, so no deadline ended it");
    }

    [Fact]
    public async Task ManyConnectionsAtOnceAreEachAnsweredInOrder()
    {
        await StartAsync();
        var body = XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", []);
        byte[] call = [.. Encoding.ASCII.GetBytes($"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
        var sockets = Enumerable.Range(0, 64).Select(i => RawHttp.Connect(i % 2 == 0 ? _server.Unix : _server.Tcp)).ToList();
        try
        {
            // Three pipelined calls on each, all sent before any answer is read.
            foreach (var socket in sockets)
            {
                await socket.SendAsync((byte[])[.. call, .. call, .. call]);
            }
            foreach (var socket in sockets)
            {
                var answers = await ReadAnswersAsync(socket, 3);
                Assert.All(answers, a => Assert.Equal("3.0", XmlRpcReader.ReadResponse(a).Value!.AsString()));
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
        await WaitForNoConnectionsAsync("connections outlived their clients");
    }

    /// <summary>Reads count answers framed by Content-Length and returns their bodies.</summary>
    private static async Task<List<byte[]>> ReadAnswersAsync(Socket socket, int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var data = new List<byte>();
        var buffer = new byte[65536];
        var bodies = new List<byte[]>();
        while (bodies.Count < count)
        {
            var raw = data.ToArray();
            var end = raw.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end > 0)
            {
                var total = end + 4 + int.Parse(RawHttp.Parse(raw[..(end + 4)]).Headers["Content-Length"]);
                if (raw.Length >= total)
                {
                    bodies.Add(raw[(end + 4)..total]);
                    data.RemoveRange(0, total);
                    continue;
                }
            }
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.True(n > 0, "the server closed the connection early");
            data.AddRange(buffer.AsSpan(0, n));
        }
        return bodies;
    }
}
