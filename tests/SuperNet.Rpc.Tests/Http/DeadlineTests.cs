using System.Net.Sockets;
using System.Text;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;
using SuperNet.Testing;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>
/// Each time limit a connection waits under ends it when it passes (the idle wait between requests, a head that
/// trickles in, the drain after a refused body), and a deadline cleared in time never fires, though its queue's
/// one timer was set for it.
/// </summary>
public sealed class DeadlineTests : IAsyncLifetime
{
    private static readonly TimeSpan Short = TimeSpan.FromMilliseconds(300);

    private readonly TempDir _dir = new();
    private OracleEngine _engine = null!;
    private TestServer _server = null!;

    private async Task StartAsync(ServerLimits limits)
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

    private static byte[] KeepAliveCall()
    {
        var body = XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", []);
        return [.. Encoding.ASCII.GetBytes($"POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
    }

    /// <summary>Reads until the server ends the connection; returns what arrived.</summary>
    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        using var cts = new CancellationTokenSource(Wait.Default);
        var received = new List<byte>();
        var buffer = new byte[4096];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, cts.Token)) > 0)
            {
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException)
        {
            // A reset ends it as well.
        }
        return Encoding.ASCII.GetString([.. received]);
    }

    [Fact]
    public async Task A_keep_alive_connection_left_idle_is_closed_after_the_idle_limit()
    {
        await StartAsync(new ServerLimits { Idle = Short });
        using var socket = RawHttp.Connect(_server.Unix);
        await socket.SendAsync(KeepAliveCall());
        var text = await ReadToEndAsync(socket);
        Assert.StartsWith("HTTP/1.1 200 OK", text);
        Assert.Contains("<string>3.0</string>", text);
    }

    [Fact]
    public async Task A_head_that_trickles_in_is_closed_after_the_head_limit()
    {
        await StartAsync(new ServerLimits { Head = Short });
        using var socket = RawHttp.Connect(_server.Unix);
        var head = Encoding.ASCII.GetBytes("POST /RPC2 HTTP/1.1\r\nHost: x\r\nX-Slow: " + new string('a', 4000));
        var sent = 0;
        var closed = false;
        using var trickle = new CancellationTokenSource(Wait.Default);
        while (!closed && sent < head.Length)
        {
            // A byte at a time, faster than the limit: only the head's own deadline can end this.
            try
            {
                await socket.SendAsync(head.AsMemory(sent, 1));
                sent++;
                await Task.Delay(50, trickle.Token);
            }
            catch (SocketException)
            {
                closed = true;
            }
            if (!closed && socket.Poll(0, SelectMode.SelectRead))
            {
                closed = await ReadToEndAsync(socket) == "";
            }
        }
        Assert.True(closed, $"the server still read the head after {sent} bytes");
    }

    [Fact]
    public async Task A_refused_body_is_drained_for_the_linger_limit_then_the_connection_closes()
    {
        await StartAsync(new ServerLimits { Linger = Short, MaxRequestBodyBytes = 1000 });
        using var socket = RawHttp.Connect(_server.Unix);
        // A body over the limit that never comes: the 413 goes out, then the server drains until the limit passes.
        await socket.SendAsync(Encoding.ASCII.GetBytes("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
        var text = await ReadToEndAsync(socket);
        Assert.StartsWith("HTTP/1.1 413", text);
    }

    [Fact]
    public async Task Many_idle_connections_each_end_at_their_limit_and_the_server_serves_on()
    {
        await StartAsync(new ServerLimits { Idle = Short });
        var sockets = Enumerable.Range(0, 20).Select(i => RawHttp.Connect(i % 2 == 0 ? _server.Unix : _server.Tcp)).ToList();
        try
        {
            foreach (var socket in sockets)
            {
                await socket.SendAsync(KeepAliveCall());
            }
            foreach (var socket in sockets)
            {
                Assert.Contains("<string>3.0</string>", await ReadToEndAsync(socket));
            }
        }
        finally
        {
            sockets.ForEach(s => s.Dispose());
        }
        var reply = await RawHttp.SendAsync(_server.Tcp, KeepAliveCall());
        Assert.Equal(200, reply.Status);
    }

    private sealed class Closable : IDisposable
    {
        public volatile bool Closed;

        public void Dispose() => Closed = true;
    }

    [Fact]
    public void A_deadline_cleared_in_time_never_fires_though_the_timer_was_set_for_it()
    {
        using var queue = new DeadlineQueue(Short);
        var cleared = new Closable();
        var kept = new Closable();
        var first = new Deadline(cleared);
        first.Set(queue);
        new Deadline(kept).Set(queue);
        first.Clear();
        // The timer was set for the first; when the later one is closed, the first's time has long passed.
        Wait.Until(() => kept.Closed, "the deadline left set to pass");
        Assert.False(cleared.Closed);
    }
}
