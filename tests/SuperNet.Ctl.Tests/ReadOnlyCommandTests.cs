using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class UnixSupervisord() : Supervisord(programs: Programs + """
    [program:a_program_name_longer_than_thirty_columns]
    command=sleep 1000
    startsecs=0

    [group:group_with_a_long_name]
    programs=member_with_a_long_name_too

    [program:member_with_a_long_name_too]
    command=sleep 1000
    autostart=false

    """);

/// <summary>Commands that do not change the server's state, and every argument error, over a unix socket.</summary>
public sealed class ReadOnlyCommandTests(UnixSupervisord server) : IClassFixture<UnixSupervisord>
{
    [Theory]
    [InlineData("status")]
    [InlineData("status all")]
    [InlineData("status sleeper")]
    [InlineData("status sleeper manual")]
    [InlineData("status grp:*")]
    [InlineData("status grp:")]
    [InlineData("status web:web_01 grp:a")]
    [InlineData("status nosuch")]
    [InlineData("status nog:*")]
    [InlineData("status grp:nosuch")]
    [InlineData("status nosuch sleeper")]
    [InlineData("status a_program_name_longer_than_thirty_columns")]
    [InlineData("status group_with_a_long_name:*")]
    [InlineData("pid")]
    [InlineData("pid all")]
    [InlineData("pid sleeper")]
    [InlineData("pid manual")]
    [InlineData("pid nosuch sleeper")]
    [InlineData("pid grp:a web:web_00")]
    [InlineData("tail echoer")]
    [InlineData("tail echoer stderr")]
    [InlineData("tail echoer STDERR")]
    [InlineData("tail -3 echoer")]
    [InlineData("tail -0 echoer")]
    [InlineData("tail manual")]
    [InlineData("tail broken")]
    [InlineData("tail nosuch")]
    [InlineData("tail echoer badchannel")]
    [InlineData("tail")]
    [InlineData("tail -5")]
    [InlineData("tail a b c d")]
    [InlineData("tail -x echoer")]
    [InlineData("maintail a b")]
    [InlineData("maintail x")]
    [InlineData("maintail -x")]
    [InlineData("avail")]
    [InlineData("avail x")]
    [InlineData("reread")]
    [InlineData("reread x")]
    [InlineData("update")]
    [InlineData("update all")]
    [InlineData("update nosuch")]
    [InlineData("update sleeper")]
    [InlineData("add sleeper")]
    [InlineData("add nosuch")]
    [InlineData("remove nosuch")]
    [InlineData("remove sleeper")]
    [InlineData("add")]
    [InlineData("remove")]
    [InlineData("version")]
    [InlineData("version x")]
    [InlineData("help")]
    [InlineData("help tail")]
    [InlineData("help maintail")]
    [InlineData("help help")]
    [InlineData("help restart")]
    [InlineData("help nosuch")]
    [InlineData("help EOF")]
    [InlineData("foo bar")]
    [InlineData("status:x")]
    [InlineData("!ls")]
    [InlineData("?")]
    [InlineData("? status")]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("restart")]
    [InlineData("clear")]
    [InlineData("signal")]
    [InlineData("signal HUP")]
    [InlineData("signal BADSIG sleeper")]
    [InlineData("signal HUP nosuch")]
    [InlineData("signal HUP nog:*")]
    [InlineData("signal HUP manual")]
    [InlineData("start nosuch")]
    [InlineData("start nog:*")]
    [InlineData("start sleeper")]
    [InlineData("start broken")]
    [InlineData("stop nosuch")]
    [InlineData("stop nog:*")]
    [InlineData("stop manual")]
    [InlineData("clear nosuch")]
    [InlineData("clear grp:*")]
    [InlineData("fg")]
    [InlineData("fg a b")]
    [InlineData("fg nosuch")]
    [InlineData("fg manual")]
    [InlineData("shutdown x")]
    [InlineData("reload x")]
    [InlineData("open ftp://x")]
    [InlineData("open")]
    [InlineData("quit")]
    [InlineData("exit")]
    [InlineData("EOF")]
    public void Same_output_and_exit_status(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath], command);

    /// <summary>The in-interpreter oracle gives what the installed command gives.</summary>
    [Theory]
    [InlineData("status")]
    [InlineData("tail nosuch")]
    [InlineData("help")]
    public void Batch_oracle_matches_the_installed_supervisorctl(string command)
    {
        string[] args = ["-c", server.ConfigPath, command];
        Assert.Equal(Normalize.Result(Clients.Real(args)), Normalize.Result(RealBatch.Run(args)));
    }

    [Fact]
    public void Maintail_prints_the_same_bytes() =>
        Differential.AssertSame(["-c", server.ConfigPath], "maintail -300");

    [Fact]
    public void Option_spellings_as_getopt_accepts_them()
    {
        Differential.AssertSame(["-ic" + server.ConfigPath], "status sleeper");
        Differential.AssertSame(["--configuration=" + server.ConfigPath], "status sleeper");
        Differential.AssertSame(["--conf", server.ConfigPath, "--serv", server.SocketUrl], "status sleeper");
        Differential.AssertSame(["-c", server.ConfigPath, "-u", "nobody", "-p", ""], "version");
    }

    [Fact]
    public void Serverurl_option_overrides_the_config() =>
        Differential.AssertSame(["-c", server.ConfigPath, "-s", server.SocketUrl], "status grp:*");

    [Fact]
    public void Open_switches_server_and_shows_status() =>
        Differential.AssertSame(["-s", "http://127.0.0.1:1"], "open " + server.SocketUrl);

    [Fact]
    public void Empty_action_does_nothing()
    {
        string[] args = ["-c", server.ConfigPath, ""];
        var ours = Clients.Ours(args);
        Assert.Equal(Clients.Real(args), ours);
        Assert.Equal(new CtlResult("", "", 0), ours);
    }
}
