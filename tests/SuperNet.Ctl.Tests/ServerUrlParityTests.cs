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
        // An IPv6 zone is glibc's: an interface name only for a link-local address, else a decimal number.
        "http://[::1%lo]:1",
        "http://[::1%1x]:1",
        "http://[::1%+1]:1",
        "http://[::1%\u00e9]:1",
        "http://[fe80::1%4294967296]:1",
        "http://[::1%01]:1",
        // A netloc whose NFKC form holds a separator.
        "http://a\u2100b:1",
        "http://u\uff20h:1",
        "http://h\uff1a1",
        "http://x\u2047:1",
        // http.client refuses control characters and spaces in the host; the idna codec an empty or long label.
        "http://a b:1",
        "http://[::1% 1]:1",
        "http://a\u007fb:1",
        "http://a\u0001b:1",
        "http://a..b:1",
        "http://.:1",
        "http://" + new string('a', 64) + ".b:1",
        "http://" + new string('a', 64) + ":1",
    ];

    [Theory]
    [InlineData("unix://[x")]
    [InlineData("foo://]x")]
    [InlineData("//[x")]
    [InlineData(" http://[x")]
    [InlineData("unix://a\u2100b")]
    [InlineData("foo://a\uff0fb")]
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
    [InlineData("http://a\ufe6bb")]
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

    [Fact]
    public void A_host_of_megabytes_is_an_error_line_not_a_crash()
    {
        // A non-ASCII host goes to getaddrinfo as UTF-8, copied with its terminator; 10 MB of it once overflowed
        // the stack (SIGSEGV). supervisorctl's idna codec refuses it in other words; both say so on a line, status 1.
        var path = Path.Combine(dir, "ctl.conf");
        File.WriteAllText(path, $"[supervisorctl]\nserverurl = http://{new string('\u00e9', 5_000_000)}:9001\n");
        var real = Clients.Real(["-c", path, "status"], cwd: dir);
        var ours = Clients.OursProcess(["-c", path, "status"], cwd: dir);
        Assert.Equal(1, real.ExitCode);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.StartsWith("error: <class 'socket.gaierror'>, [Errno -2] Name or service not known: file: http://", ours.Stdout + ours.Stderr);
    }

    [Fact]
    public void Every_character_is_judged_as_urlsplit_judges_it_under_NFKC()
    {
        // Python's own verdict on each character beyond ASCII between two letters of a netloc.
        const string script = """
            from urllib.parse import urlsplit
            for cp in range(0x80, 0x110000):
                if 0xd800 <= cp < 0xe000: continue
                try: urlsplit('http://a' + chr(cp) + 'b:1')
                except ValueError: print(cp)
            """;
        var python = ProcessRun.Run(Clients.Python, ["-c", script]);
        Assert.Equal(0, python.ExitCode);
        var refused = python.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToHashSet();
        Assert.NotEmpty(refused);
        var ours = Enumerable.Range(0x80, 0x110000 - 0x80).Where(cp => cp is < 0xd800 or >= 0xe000)
            .Where(cp => SuperNet.Ctl.Net.PythonUrlSplit.NetlocError($"http://a{char.ConvertFromUtf32(cp)}b:1") is not null).ToHashSet();
        Assert.Equal(refused.Order(), ours.Order());
    }

    private void Same(string[] args)
    {
        var real = Normalize.Result(Clients.Real(args, cwd: dir));
        var ours = Normalize.Result(Clients.OursProcess(args, cwd: dir));
        Assert.True(real == ours, $"`{string.Join(' ', args)}` differs\n=== supervisorctl\n{real}\n=== supernetctl\n{ours}");
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);
}
