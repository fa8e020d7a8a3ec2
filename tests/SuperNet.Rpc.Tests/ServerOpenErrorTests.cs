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
}
