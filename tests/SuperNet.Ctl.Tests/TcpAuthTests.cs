using System.Net;
using System.Net.Sockets;
using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class TcpAuthSupervisord : Supervisord
{
    public TcpAuthSupervisord()
        : this(FreePort())
    {
    }

    private TcpAuthSupervisord(int port)
        : base(
            server: $"[inet_http_server]\nport=127.0.0.1:{port}\nusername=user\npassword=s3cret\n",
            ctlSection: $"[supervisorctl]\nserverurl=http://127.0.0.1:{port}\nusername=user\npassword=s3cret\n")
    {
        Url = $"http://127.0.0.1:{port}";
    }

    public string Url { get; }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>An inet_http_server with Basic auth: credentials from options or config, missing or wrong ones.</summary>
public sealed class TcpAuthTests(TcpAuthSupervisord server) : IClassFixture<TcpAuthSupervisord>
{
    [Theory]
    [InlineData("status")]
    [InlineData("status grp:*")]
    [InlineData("pid all")]
    [InlineData("tail echoer")]
    [InlineData("version")]
    [InlineData("avail")]
    [InlineData("reread")]
    [InlineData("signal CONT sleeper")]
    public void With_credentials_on_the_command_line(string command) =>
        Differential.AssertSame(["-s", server.Url, "-u", "user", "-p", "s3cret"], command);

    [Theory]
    [InlineData("status")]
    [InlineData("maintail -100")]
    [InlineData("clear manual")]
    public void With_credentials_from_the_config(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath], command);

    [Theory]
    [InlineData("status")]
    [InlineData("reread")]
    [InlineData("avail")]
    [InlineData("start sleeper")]
    [InlineData("help")]
    public void Without_credentials(string command) =>
        Differential.AssertSame(["-s", server.Url], command);

    [Theory]
    [InlineData("status")]
    [InlineData("version")]
    [InlineData("shutdown")]
    public void With_a_wrong_password(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath, "-p", "wrong"], command);

    [Fact]
    public void Shell_asks_for_credentials_after_a_401()
    {
        const string input = "user\ns3cret\nversion\n";
        var real = Normalize.Result(Clients.Real(["-s", server.Url], input));
        var ours = Normalize.Result(Clients.OursProcess(["-s", server.Url], input));
        Assert.Equal(real.Stdout, ours.Stdout);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.StartsWith("Server requires authentication\nUsername:\n", ours.Stdout, StringComparison.Ordinal);
        Assert.Equal("Password:", ours.Stderr);
    }

    // Input that ends at the username or password prompt is Python's EOFError, reported once, then the
    // shell reads its next command (end of input: it leaves). Asking again recursed until the stack overflowed.
    [Theory]
    [InlineData("")]
    [InlineData("user\n")]
    [InlineData("user\nwrong\n")]
    public void Shell_input_ending_at_the_credential_prompts_is_an_EOFError(string input)
    {
        var real = Normalize.Result(Clients.Real(["-s", server.Url], input));
        var ours = Normalize.Result(Clients.OursProcess(["-s", server.Url], input));
        Assert.Equal(real.Stdout, ours.Stdout);
        Assert.Equal(real.ExitCode, ours.ExitCode);
        Assert.Contains("error: <class 'EOFError'>", ours.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Tail_f_sends_credentials_to_logtail()
    {
        using var run = LiveRun.Ours(["-c", server.ConfigPath, "tail", "-f", "echoer"]);
        run.WaitForOutput("hello\n");
        run.Interrupt();
        var result = run.WaitExit();
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("", result.Stderr);
        Assert.Equal("==> Press Ctrl-C to exit <==\nhello\n\n", result.Stdout);
    }

    [Fact]
    public void An_empty_password_is_still_sent_and_refused()
    {
        string[] args = ["-c", server.ConfigPath, "-p", "", "tail", "-f", "echoer"];
        var real = Normalize.Result(Clients.Real(args));
        var ours = Normalize.Result(Clients.OursProcess(args));
        Assert.Equal(real, ours);
    }
}
