using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperNet.Linux.Tests;

/// <summary>supernetctl's connection: unix and TCP connects against real listeners, errno on failure, and Shutdown
/// waking a Receive blocked on another thread (how Ctrl-C ends `tail -f`).</summary>
public sealed class ClientSocketTests
{
    [Fact]
    public void UnixRoundTrip()
    {
        using var dir = new TempDir();
        var path = dir.File("s.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();

        Assert.Equal(0, ClientSocket.ConnectUnix(path, out var client));
        using (client)
        using (var server = listener.Accept())
        {
            Assert.Equal(0, client!.Send("ping"u8));
            var got = new byte[4];
            Assert.Equal(4, server.Receive(got));
            Assert.Equal("ping", Encoding.ASCII.GetString(got));
            server.Send("pong"u8);
            server.Shutdown(SocketShutdown.Send);
            Assert.Equal(4, client.Receive(got));
            Assert.Equal("pong", Encoding.ASCII.GetString(got));
            Assert.Equal(0, client.Receive(got)); // end of stream
        }
    }

    [Fact]
    public void TcpRoundTripBothFamilies()
    {
        foreach (var loopback in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback })
        {
            using var listener = new Socket(loopback.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(loopback, 0));
            listener.Listen();
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

            Assert.Equal(0, ClientSocket.ConnectTcp(loopback, port, out var client));
            using (client)
            using (var server = listener.Accept())
            {
                Assert.Equal(0, client!.Send("x"u8));
                var got = new byte[1];
                Assert.Equal(1, server.Receive(got));
            }
        }
    }

    [Fact]
    public void FailuresAreErrno()
    {
        using var dir = new TempDir();
        Assert.Equal(ErrnoNames.ENOENT, ClientSocket.ConnectUnix(dir.File("missing.sock"), out var none));
        Assert.Null(none);

        // A port that was just free: nothing listens there.
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        Assert.Equal(111, ClientSocket.ConnectTcp(IPAddress.Loopback, port, out none));
        Assert.Equal("Connection refused", ClientSocket.Describe(111));
    }

    [Fact]
    public async Task ShutdownWakesABlockedReceive()
    {
        using var dir = new TempDir();
        var path = dir.File("s.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen();
        Assert.Equal(0, ClientSocket.ConnectUnix(path, out var client));
        using var server = listener.Accept();
        using (client)
        {
            var tid = 0;
            var receive = Task.Run(() =>
            {
                Volatile.Write(ref tid, int.Parse(Path.GetFileName(new FileInfo("/proc/thread-self").LinkTarget!)));
                return client!.Receive(new byte[16]);
            });
            // 45 is recvfrom on x86-64: the thread is blocked in the call Shutdown must end.
            Wait.Until(() => Volatile.Read(ref tid) != 0 && File.ReadAllText($"/proc/self/task/{tid}/syscall").StartsWith("45 ", StringComparison.Ordinal), "receive blocked");
            client!.Shutdown();
            Assert.Equal(0, await receive.WaitAsync(Wait.Default));
        }

        client.Shutdown(); // after Dispose: a no-op, never a reused fd
    }
}
