using System.Net.Sockets;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;
using SuperNet.Testing;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>
/// ServerLimits.MaxConnections with a limit of 4 on real sockets: at the limit a new connection closes the one that
/// has waited longest for a request, so silent or unfinished connections cannot lock a real client out; connections
/// in a request (tails here) are never closed for room, and a new one is refused while every one is in a request.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private const int Limit = 4;
    private static readonly TimeSpan Deadline = Wait.Default;
    private readonly TempDir _dir = new();
    private OracleEngine _engine = null!;
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        _engine = await OracleEngine.StartAsync(_dir.Path);
        _server = await TestServer.StartAsync(_engine.Context, _dir.File("sv.sock"), limits: new ServerLimits { MaxConnections = Limit });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _engine.DisposeAsync();
        _dir.Dispose();
    }

    private static readonly byte[] ApiVersion = RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", [])));

    private async Task AssertAnswered(Endpoint endpoint)
    {
        var reply = await RawHttp.SendAsync(endpoint, ApiVersion);
        Assert.Equal(200, reply.Status);
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
    }

    /// <summary>Connects and sends first (maybe nothing), once the server holds every connection opened before.</summary>
    private async Task<Socket> Open(Endpoint endpoint, string first)
    {
        var before = _server.Server.OpenConnections;
        var socket = RawHttp.Connect(endpoint);
        if (first.Length > 0)
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(first));
        }
        await Wait.UntilAsync(() => _server.Server.OpenConnections == before + 1, "the server to hold the new connection");
        return socket;
    }

    private static async Task AssertClosedByServer(Socket socket)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var buffer = new byte[4096];
        try
        {
            Assert.Equal(0, await socket.ReceiveAsync(buffer, cts.Token));
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
        }
    }

    private static void AssertStillOpen(Socket socket) =>
        Assert.False(socket.Poll(0, SelectMode.SelectRead), "the server closed a connection it should have kept");

    private int Logged(string fragment) => _server.Log.Count(l => l.Message.Contains(fragment, StringComparison.Ordinal));

    [Fact]
    public async Task A_new_connection_at_the_limit_closes_the_one_waiting_longest_for_a_request()
    {
        var silent = await Open(_server.Unix, "");
        var unfinished = await Open(_server.Tcp, "GET / HTTP/1.1\r\nHost: x\r\n");
        var others = new[] { await Open(_server.Unix, "POST /RPC2 HTTP/1.1\r\n"), await Open(_server.Tcp, "") };

        // The fifth is answered at once, not after a time limit: the oldest waiting one made room for it.
        await AssertAnswered(_server.Unix);
        await AssertClosedByServer(silent);
        AssertStillOpen(unfinished);
        Array.ForEach(others, AssertStillOpen);
        Assert.Equal(1, Logged($"HTTP server reached its limit of {Limit} connections: closing the one waiting longest for a request"));

        // The next oldest is the one with an unfinished head. (The answered connection may still be closing: until it
        // has, a new one would find the server at the limit.)
        await Wait.UntilAsync(() => _server.Server.OpenConnections == Limit - 1, "the answered connection to close");
        var fourth = await Open(_server.Unix, "");
        await AssertAnswered(_server.Tcp);
        await AssertClosedByServer(unfinished);
        Array.ForEach(others, AssertStillOpen);
        AssertStillOpen(fourth);

        foreach (var socket in others.Append(fourth).Append(silent).Append(unfinished))
        {
            socket.Dispose();
        }
        await Wait.UntilAsync(() => Logged($"HTTP server is below its limit of {Limit} connections again (2 closed to make room, 0 refused)") == 1,
            "the end of the streak at the limit to be logged");
        Assert.Equal(1, Logged("HTTP server reached its limit"));
    }

    [Fact]
    public async Task Connections_in_a_request_are_never_closed_for_room_and_a_new_one_is_refused()
    {
        var tails = new List<Socket>();
        for (var i = 0; i < Limit; i++)
        {
            var tail = await Open(i % 2 == 0 ? _server.Unix : _server.Tcp, "GET /logtail/sleeper HTTP/1.1\r\nHost: x\r\n\r\n");
            await ReceiveUntil(tail, "0123456789abcdefghij\n");
            tails.Add(tail);
        }

        using (var refused = RawHttp.Connect(_server.Unix))
        {
            try
            {
                await refused.SendAsync(ApiVersion);
            }
            catch (SocketException)
            {
                // Closed before the request went out: refused all the same.
            }
            await AssertClosedByServer(refused);
        }
        Assert.Equal(1, Logged($"HTTP server reached its limit of {Limit} connections: refusing new ones while every one is in a request"));

        File.AppendAllText(_dir.File("sleeper.log"), "more\n");
        foreach (var tail in tails)
        {
            await ReceiveUntil(tail, "more\n");
        }

        tails[0].Dispose();
        await Wait.UntilAsync(() => _server.Server.OpenConnections == Limit - 1, "the server to end the tail its client left");
        await AssertAnswered(_server.Tcp);
        tails.ForEach(t => t.Dispose());
    }

    private static async Task ReceiveUntil(Socket socket, string text)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var received = new StringBuilder();
        var buffer = new byte[8192];
        while (!received.ToString().Contains(text, StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.True(n > 0, "the server closed a tail: " + received);
            received.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
    }
}
