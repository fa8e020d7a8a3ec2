using System.Text;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests;

/// <summary>Basic auth on every URL, plaintext and {SHA}, on both transports (contract §1.3, trap 21).</summary>
public class AuthTests
{
    private const string Sha1OfSecret = "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4";

    private static string Basic(string userPass) => $"Authorization: Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes(userPass))}\r\n";

    private static readonly string Call = "<?xml version='1.0'?><methodCall><methodName>supervisor.getAPIVersion</methodName></methodCall>";

    [Theory]
    [InlineData("unix", "", 401)]
    [InlineData("tcp", "", 401)]
    [InlineData("unix", "user:secret", 200)]
    [InlineData("tcp", "user:secret", 200)]
    [InlineData("unix", "user:wrong", 401)]
    [InlineData("tcp", "user:wrong", 401)]
    [InlineData("unix", "other:secret", 401)]
    [InlineData("tcp", "nocolon", 500)]
    [InlineData("unix", "user:secre", 401)]
    [InlineData("tcp", "user:secretx", 401)]
    [InlineData("unix", "use:secret", 401)]
    [InlineData("tcp", "userx:secret", 401)]
    [InlineData("unix", ":secret", 401)]
    [InlineData("tcp", "user:", 401)]
    [InlineData("tcp", "user:secret:", 401)]
    public async Task CredentialsAreChecked(string transport, string userPass, int status)
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"), "user", Sha1OfSecret, "user", "secret");
        var reply = await RawHttp.SendAsync(server[transport], RawHttp.Post(Call, extraHeaders: userPass.Length == 0 ? "" : Basic(userPass)));
        Assert.Equal(status, reply.Status);
        if (status == 401)
        {
            Assert.Equal("Basic realm=\"default\"", reply.Headers["WWW-Authenticate"]);
        }
    }

    [Theory]
    [InlineData("/logtail/sleeper")]
    [InlineData("/mainlogtail")]
    [InlineData("/ok.html")]
    [InlineData("/anything.css")]
    public async Task EveryUrlNeedsCredentials(string path)
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"), "user", "secret");
        var reply = await RawHttp.SendAsync(server.Unix, Encoding.ASCII.GetBytes($"GET {path} HTTP/1.0\r\n\r\n"));
        Assert.Equal(401, reply.Status);
    }

    [Fact]
    public async Task UndecodableCredentialsAre400()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"), "user", "secret");
        var reply = await RawHttp.SendAsync(server.Unix, RawHttp.Post(Call, extraHeaders: "Authorization: Basic !!!notbase64\r\n"));
        Assert.Equal(400, reply.Status);
    }

    [Fact]
    public async Task WithoutAuthAnAuthorizationHeaderIsIgnoredAndLoggedAtStart()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"));
        var reply = await RawHttp.SendAsync(server.Unix, RawHttp.Post(Call, extraHeaders: "Authorization: Basic Og==\r\n"));
        Assert.Equal(200, reply.Status);
        Assert.Contains((SuperNet.Core.Config.LogLevel.Critical, "Server 'unix_http_server' running without any HTTP authentication checking"), server.Log);
    }

    [Fact]
    public async Task SupervisorctlAuthenticatesWithShaPassword()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"), "user", Sha1OfSecret);
        var good = await Run.ProcessAsync("/usr/bin/supervisorctl", ["-s", server.Unix.Url, "-u", "user", "-p", "secret", "version"]);
        Assert.Equal((0, "4.2.5\n"), (good.ExitCode, good.Stdout));
        var bad = await Run.ProcessAsync("/usr/bin/supervisorctl", ["-s", server.Unix.Url, "-u", "user", "-p", "nope", "version"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.StartsWith("Server requires authentication", bad.Stdout);
    }
}
