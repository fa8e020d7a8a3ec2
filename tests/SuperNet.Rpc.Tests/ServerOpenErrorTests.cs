using SuperNet.Core.Config;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests;

/// <summary>Socket errors other than "in use" give supervisord's errno text (contract §1.1).</summary>
public class ServerOpenErrorTests
{
    [Fact]
    public async Task AMissingSocketDirectoryGivesSupervisordsErrnoMessage()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, new ControlServerOptions
        {
            Servers = [new UnixHttpServerConfig { Section = "unix_http_server", File = dir.File("nodir/sv.sock") }],
        });
        var e = await Assert.ThrowsAsync<ControlServerStartException>(() => server.StartAsync(CancellationToken.None));
        Assert.Equal("Cannot open an HTTP server: socket.error reported errno.ENOENT (2)", e.Message);
    }

    // supervisord unlinks a "stale socket" that is a directory, fails, and tries again for ever; .NET's message
    // ("Access to the path ... is denied") named neither the key nor the cause.
    [Fact]
    public async Task A_socket_path_that_is_a_directory_says_so_and_where()
    {
        using var dir = new TempDir();
        var path = dir.File("sockdir");
        Directory.CreateDirectory(path);
        var e = await StartFailure(dir, path);
        Assert.Equal(
            $"Cannot open an HTTP server: [unix_http_server] file={path} is a directory, not a socket ([Errno 21] Is a directory)",
            e.Message);
        Assert.True(Directory.Exists(path));
    }

    [Fact]
    public async Task A_socket_path_under_a_file_gives_supervisords_ENOTDIR()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("afile"), "");
        var e = await StartFailure(dir, dir.File("afile/sv.sock"));
        Assert.Equal("Cannot open an HTTP server: socket.error reported errno.ENOTDIR (20)", e.Message);
    }

    [Fact]
    public async Task A_socket_path_longer_than_sun_path_gives_supervisords_message()
    {
        using var dir = new TempDir();
        var e = await StartFailure(dir, dir.File(new string('a', 120) + ".sock"));
        Assert.Equal("Cannot open an HTTP server: socket.error reported AF_UNIX path too long", e.Message);
    }

    private static async Task<ControlServerStartException> StartFailure(TempDir dir, string socketPath)
    {
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, new ControlServerOptions
        {
            Servers = [new UnixHttpServerConfig { Section = "unix_http_server", File = socketPath }],
        });
        return await Assert.ThrowsAsync<ControlServerStartException>(() => server.StartAsync(CancellationToken.None));
    }

    [Fact]
    public async Task AnAddressNotOnThisHostGivesSupervisordsErrnoMessage()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, new ControlServerOptions
        {
            Servers = [new InetHttpServerConfig { Section = "inet_http_server", Host = "203.0.113.5", Port = 9999 }],
        });
        var e = await Assert.ThrowsAsync<ControlServerStartException>(() => server.StartAsync(CancellationToken.None));
        Assert.Equal("Cannot open an HTTP server: socket.error reported errno.EADDRNOTAVAIL (99)", e.Message);
    }

    // .NET folds errno values it has no SocketError for (ENOSPC, EROFS) into one code and loses the number: the
    // message said "errno.SocketError (-131074)". supervisord names the errno.
    [Theory]
    [InlineData("ro", "errno.EROFS (30)")]
    [InlineData("nr_inodes=1", "errno.ENOSPC (28)")]
    public async Task A_socket_directory_that_refuses_the_socket_file_gives_the_errno_by_name(string mountOptions, string expected)
    {
        using var dir = new TempDir();
        var disk = dir.File("disk");
        Directory.CreateDirectory(disk);
        Assert.Equal(0, Run("mount", $"-t tmpfs -o size=64k,{mountOptions} none {disk}"));
        try
        {
            await using var engine = await OracleEngine.StartAsync(dir.Path);
            await using var server = new RawControlServer(engine.Context, new ControlServerOptions
            {
                Servers = [new UnixHttpServerConfig { Section = "unix_http_server", File = Path.Combine(disk, "sv.sock") }],
            });
            var e = await Assert.ThrowsAsync<ControlServerStartException>(() => server.StartAsync(CancellationToken.None));
            Assert.Equal("Cannot open an HTTP server: socket.error reported " + expected, e.Message);
        }
        finally
        {
            Run("umount", $"-l {disk}");
        }
    }

    private static int Run(string file, string arguments)
    {
        using var process = System.Diagnostics.Process.Start(file, arguments);
        process.WaitForExit();
        return process.ExitCode;
    }
}
