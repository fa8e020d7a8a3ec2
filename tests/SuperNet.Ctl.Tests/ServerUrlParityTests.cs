using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// An http server URL is taken apart as Python's urlsplit takes it (hostname, then port after the first colon),
/// so a bad one fails in supervisorctl's words, whether it comes from -s or from [supervisorctl] serverurl.
/// </summary>
public sealed class ServerUrlParityTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("snctl-url-").FullName;

    public static TheoryData<string> Urls() =>
    [
        "http://127.0.0.1:99999",
        "http://127.0.0.1:0065536",
        "http://127.0.0.1:99999999999999999999",
        "http://127.0.0.1:1:2",
        "http://127.0.0.1:it's",
        "http://127.0.0.1:-1",
        "http://u:p@127.0.0.1:1",
        "http://[::1]:1",
        "http://:1",
        // Python's urlsplit refuses a bad bracketed host: from -s at option time (status 2), from the file when
        // the transport parses it (status 1).
        "http://[::1:9001",
        "http://::1]:9001",
        "http://x[::1]:9001",
        "http://[::1]x:9001",
        "http://a@[::1",
        "http://[a@b]:1",
        "http://[[::1]:1",
        "http://[zz]:1",
        "http://[vzz]:1",
        "http://[127.0.0.1]:1",
        "http://[::1%a%b]:1",
        "http://[::ffff:127.0.0.01]:1",
        "http://[1::2::3]:1",
        "http://[12345::]:1",
        // Valid: refused connections on the loopback (a tab is dropped).
        "http://[::ffff:127.0.0.1]:1",
        "http://[::1\t]:1",
    ];

    [Theory]
    [InlineData("unix://[x")]
    [InlineData("foo://]x")]
    [InlineData("//[x")]
    [InlineData(" http://[x")]
    public void Any_scheme_on_the_command_line(string url) => Same(["-s", url, "status"]);

    [Theory]
    [MemberData(nameof(Urls))]
    public void On_the_command_line(string url) => Same(["-s", url, "status"]);

    [Theory]
    [MemberData(nameof(Urls))]
    public void In_the_config_file(string url)
    {
        var path = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(path, $"[supervisorctl]\nserverurl = {url}\n");
        Same(["-c", path, "status"]);
    }

    [Theory]
    [InlineData("http://[::1")]
    [InlineData("http://[zz]:1")]
    [InlineData("unix://[x")]
    [InlineData("foo://[x")]
    public void Given_to_open(string url)
    {
        // open parses the URL before it looks at the scheme.
        var path = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(path, "[supervisorctl]\nserverurl = http://127.0.0.1:1\n");
        Same(["-c", path, "open", url]);
    }

    [Fact]
    public void An_empty_host_in_the_config_file()
    {
        // -s refuses "http://" as no URL; the config file passes it on to the connection.
        var path = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(path, "[supervisorctl]\nserverurl = http://\n");
        Same(["-c", path, "status"]);
    }

    private void Same(string[] args)
    {
        var real = Normalize.Result(Clients.Real(args, cwd: dir));
        var ours = Normalize.Result(Clients.OursProcess(args, cwd: dir));
        Assert.True(real == ours, $"`{string.Join(' ', args)}` differs\n=== supervisorctl\n{real}\n=== supernetctl\n{ours}");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
