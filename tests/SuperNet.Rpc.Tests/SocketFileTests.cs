using System.Diagnostics;
using System.Net.Sockets;
using SuperNet.Core.Config;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests;

/// <summary>The unix socket's life: mode, owner, a live or stale predecessor, removal (contract §1.1, trap 25).</summary>
public class SocketFileTests
{
    private static ControlServerOptions Options(string path, int chmod = 0x1C0, int uid = -1, int gid = -1, TextWriter? notices = null) => new()
    {
        Servers = [new UnixHttpServerConfig { Section = "unix_http_server", File = path, Chmod = chmod, ChownUid = uid, ChownGid = gid }],
        SocketOwner = new LibcChown(),
        StaleSocketNotice = notices,
    };

    private static async Task<string> Stat(string format, string path) =>
        (await Run.ProcessAsync("/usr/bin/stat", ["-c", format, path])).Stdout.Trim();

    [Fact]
    public async Task DefaultModeIs0700AndTheFileGoesAtStop()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        var server = new RawControlServer(engine.Context, Options(dir.File("sv.sock")));
        await server.StartAsync(CancellationToken.None);
        Assert.Equal("srwx------", await Stat("%A", dir.File("sv.sock")));
        await server.DisposeAsync();
        Assert.False(File.Exists(dir.File("sv.sock")));
    }

    [Theory]
    [InlineData(-1, 0x1FF)]     // chmod=-1: int('-1', 8), which supervisord hands to os.chmod as is
    [InlineData(0x11ED, 0x1ED)] // chmod=10755: bits above 07777 the kernel ignores
    public async Task ModesOutsideTheFileModeBitsStartAsUnderSupervisord(int chmod, int permissions)
    {
        // supervisord passes its octal value straight to chmod(2), which keeps mode & 07777; it starts.
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, Options(dir.File("sv.sock"), chmod: chmod));
        await server.StartAsync(CancellationToken.None);
        Assert.Equal(permissions, Convert.ToInt32(await Stat("%a", dir.File("sv.sock")), 8) & 0x1FF);
    }

    [Fact]
    public async Task ConfiguredModeAndOwnerAreApplied()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context,
            Options(dir.File("sv.sock"), chmod: Convert.ToInt32("0766", 8), uid: 65534, gid: 65534));
        await server.StartAsync(CancellationToken.None);
        Assert.Equal("srwxrw-rw- 65534:65534", await Stat("%A %u:%g", dir.File("sv.sock")));
    }

    [Fact]
    public async Task ASecondServerOnALiveSocketIsRefusedWithSupervisordsMessage()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var first = new RawControlServer(engine.Context, Options(dir.File("sv.sock")));
        await first.StartAsync(CancellationToken.None);

        await using var second = new RawControlServer(engine.Context, Options(dir.File("sv.sock")));
        var e = await Assert.ThrowsAsync<ControlServerStartException>(() => second.StartAsync(CancellationToken.None));
        Assert.Equal(
            "Another program is already listening on a port that one of our HTTP servers is configured to use.  " +
            "Shut this program down first before starting supervisord.", e.Message);

        // The refused server must not have removed the live socket.
        await second.DisposeAsync();
        var version = await Run.ProcessAsync("/usr/bin/supervisorctl", ["-s", "unix://" + dir.File("sv.sock"), "version"]);
        Assert.Equal("4.2.5\n", version.Stdout);
    }

    [Fact]
    public async Task ATcpPortInUseIsRefusedWithTheSameMessage()
    {
        using var dir = new TempDir();
        using var holder = new TcpListenerHolder();
        var options = new ControlServerOptions
        {
            Servers = [new InetHttpServerConfig { Section = "inet_http_server", Host = "127.0.0.1", Port = holder.Port }],
        };
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, options);
        var e = await Assert.ThrowsAsync<ControlServerStartException>(() => server.StartAsync(CancellationToken.None));
        Assert.Equal(ControlServerStartException.AlreadyListening, e.Message);
    }

    [Fact]
    public async Task AStaleSocketIsReplacedWithANoticeOnStderr()
    {
        using var dir = new TempDir();
        // A socket file nobody listens on any more, as a kill -9ed supervisord leaves it.
        // (.NET unlinks the files of sockets it bound, so Python makes this one.)
        var bind = await Run.ProcessAsync(Run.Python, ["-c", $"import socket; socket.socket(socket.AF_UNIX).bind('{dir.File("sv.sock")}')"]);
        Assert.Equal(0, bind.ExitCode);
        Assert.True(File.Exists(dir.File("sv.sock")));

        var notices = new StringWriter();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, Options(dir.File("sv.sock"), notices: notices));
        await server.StartAsync(CancellationToken.None);
        Assert.Equal($"Unlinking stale socket {dir.File("sv.sock")}\n", notices.ToString());
        var version = await Run.ProcessAsync("/usr/bin/supervisorctl", ["-s", "unix://" + dir.File("sv.sock"), "version"]);
        Assert.Equal("4.2.5\n", version.Stdout);
    }

    [Fact]
    public async Task RealSupervisordSeesOurSocketAsLiveAndExits2()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, Options(dir.File("sv.sock")));
        await server.StartAsync(CancellationToken.None);
        File.WriteAllText(dir.File("sv.conf"), $"""
            [unix_http_server]
            file={dir.File("sv.sock")}
            [supervisord]
            logfile={dir.File("sd.log")}
            pidfile={dir.File("sd.pid")}
            nodaemon=true
            """);
        var result = await Run.ProcessAsync("/usr/bin/supervisord", ["-c", dir.File("sv.conf")], TimeSpan.FromSeconds(30));
        Assert.Equal(2, result.ExitCode);
        Assert.Contains(ControlServerStartException.AlreadyListening, result.Stderr);
    }

    private sealed class TcpListenerHolder : IDisposable
    {
        private readonly TcpListener _listener = new(System.Net.IPAddress.Loopback, 0);

        public TcpListenerHolder() => _listener.Start();

        public int Port => ((System.Net.IPEndPoint)_listener.LocalEndpoint).Port;

        public void Dispose() => _listener.Stop();
    }
}
