using System.Net.Sockets;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>
/// A socket file's chmod= and chown= reach the socket, and never the file a link in its place points at: in a
/// directory others can write, the path can be swapped for a link between bind and chmod (supervisord follows it).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SocketFileTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("sn-socketfile-").FullName;

    private string BoundSocket(out Socket socket)
    {
        var path = Path.Combine(dir, "s.sock");
        socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(path));
        return path;
    }

    private static async Task<string> Stat(string path)
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/usr/bin/stat", "stat", "-c", "%a %u:%g %F", path));
        return await child.Stdout.ReadToEnd();
    }

    [Fact]
    public async Task A_socket_gets_its_mode_and_owner()
    {
        var path = BoundSocket(out var socket);
        using (socket)
        {
            Assert.Equal(0, SocketFile.Chmod(path, Convert.ToInt32("0760", 8)));
            Assert.Equal(0, SocketFile.Chown(path, 65534, 65534));
            Assert.Equal("760 65534:65534 socket\n", await Stat(path));
            Assert.Equal(0, SocketFile.Chown(path, -1, 0));
            Assert.Equal("760 65534:0 socket\n", await Stat(path));
        }
    }

    [Fact]
    public async Task A_link_in_the_sockets_place_is_refused_and_its_target_left_alone()
    {
        var path = BoundSocket(out var socket);
        using (socket)
        {
            var target = Path.Combine(dir, "precious");
            await File.WriteAllTextAsync(target, "");
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            File.Move(path, path + ".moved");
            File.CreateSymbolicLink(path, target);

            Assert.Equal(ErrnoNames.ENOTSOCK, SocketFile.Chmod(path, Convert.ToInt32("0777", 8)));
            Assert.Equal(ErrnoNames.ENOTSOCK, SocketFile.Chown(path, 65534, 65534));
            Assert.Equal("600 0:0 regular empty file\n", await Stat(target));
        }
    }

    [Fact]
    public void A_regular_file_or_a_missing_path_is_refused()
    {
        var file = Path.Combine(dir, "plain");
        File.WriteAllText(file, "");
        Assert.Equal(ErrnoNames.ENOTSOCK, SocketFile.Chmod(file, Convert.ToInt32("0777", 8)));
        Assert.Equal(ErrnoNames.ENOENT, SocketFile.Chown(file + ".missing", 0, 0));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
