using System.Net.Sockets;
using System.Text;
using SuperNet.Linux;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>
/// The two ways an <see cref="EpollSocket"/> receives: at once (a request's bytes usually are there), or only once
/// epoll reports the socket readable (the watch for a client's close while its answer is made, where a read now
/// would only fail with EAGAIN). Bytes or an end of stream already there must still arrive the second way.
/// </summary>
public sealed class EpollReceiveTests : IDisposable
{
    private readonly TempDir _dir = new();
    private readonly EpollLoop _loop = new();
    private readonly Socket _listening = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly TaskCompletionSource<EpollSocket> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly EpollListener _listener;

    public EpollReceiveTests()
    {
        _listening.Bind(new UnixDomainSocketEndPoint(_dir.File("s.sock")));
        _listening.Listen();
        _listening.Blocking = false;
        _listener = new EpollListener(_loop, _listening.SafeHandle, s => _accepted.TrySetResult(s), e => _accepted.TrySetException(new IOException(e)), _ => { });
    }

    public void Dispose()
    {
        _listener.Dispose();
        _loop.Dispose();
        _listening.Dispose();
        _dir.Dispose();
    }

    private async Task<(Socket Client, EpollSocket Server)> ConnectAsync()
    {
        var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await client.ConnectAsync(new UnixDomainSocketEndPoint(_dir.File("s.sock")));
        return (client, await _accepted.Task.WaitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Bytes_already_there_arrive_at_once_or_from_epoll()
    {
        var (client, server) = await ConnectAsync();
        using (client)
        using (server)
        {
            client.Send("request"u8);
            var buffer = new byte[64];
            // A unix socket's send puts the bytes in the peer's queue before it returns.
            var now = server.ReceiveAsync(buffer);
            Assert.True(now.IsCompleted, "a read at once of bytes already there waited for epoll");
            Assert.Equal("request", Encoding.ASCII.GetString(buffer, 0, await now));

            client.Send("pipelined"u8);
            var later = server.ReceiveWhenReadyAsync(buffer);
            var read = await later.AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal("pipelined", Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    [Fact]
    public async Task A_watch_started_after_the_client_closed_sees_the_end_of_stream()
    {
        var (client, server) = await ConnectAsync();
        using (server)
        {
            client.Dispose();
            var read = await server.ReceiveWhenReadyAsync(new byte[16]).AsTask().WaitAsync(TimeSpan.FromSeconds(20));
            Assert.Equal(0, read);
        }
    }
}
