using System.Net.Sockets;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>FastCgiSockets: the listening socket of an [fcgi-program:x] group and its hand-over as a child's fd 0.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class FastCgiSocketTests
{
    private static readonly FastCgiSockets Sockets = new();

    [Fact]
    public async Task AUnixSocketReplacesAStaleFileTakesItsModeAndBecomesTheChildsFdZero()
    {
        var dir = Directory.CreateTempSubdirectory("supernet-fcgi-").FullName;
        try
        {
            var path = Path.Combine(dir, "fc.sock");
            File.WriteAllText(path, "stale");
            using var socket = Sockets.Listen(new FastCgiOptions { Socket = "unix://" + path, SocketMode = Convert.ToInt32("640", 8) });
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));

            // The child accepts one connection on its fd 0 and answers through it.
            var child = TestPlatform.Spawn(TestPlatform.Request("/usr/bin/python3", "python3", "-c",
                "import socket; c, _ = socket.socket(fileno=0).accept(); c.sendall(b'accepted on fd 0')") with { Stdin = socket });
            using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            client.Connect(new UnixDomainSocketEndPoint(path));
            var buffer = new byte[64];
            var read = await client.ReceiveAsync(buffer, SocketFlags.None).WaitAsync(TestPlatform.Deadline);
            Assert.Equal("accepted on fd 0", System.Text.Encoding.ASCII.GetString(buffer, 0, read));
            Assert.Equal(0, (await child.Exit).ExitStatus);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void ATcpPortInUseIsPythonsErrorText()
    {
        using var first = Sockets.Listen(new FastCgiOptions { Socket = "tcp://127.0.0.1:0" });
        var port = BoundPort(first);
        var error = Assert.Throws<FastCgiSocketException>(() => Sockets.Listen(new FastCgiOptions { Socket = $"tcp://127.0.0.1:{port}" }));
        Assert.Equal("[Errno 98] Address already in use", error.Message);
    }

    [Fact]
    public void AMissingDirectoryIsPythonsErrorText()
    {
        var error = Assert.Throws<FastCgiSocketException>(() => Sockets.Listen(new FastCgiOptions { Socket = "unix:///nonexistent-dir/x.sock" }));
        Assert.Equal("[Errno 2] No such file or directory", error.Message);
    }

    private static int BoundPort(System.Runtime.InteropServices.SafeHandle handle)
    {
        using var socket = new Socket(new SafeSocketHandle(handle.DangerousGetHandle(), ownsHandle: false));
        return ((System.Net.IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
