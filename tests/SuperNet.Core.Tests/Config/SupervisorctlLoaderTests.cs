using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public class SupervisorctlLoaderTests
{
    [Fact]
    public void ExpandsHereAndEnvAndNormalisesPaths()
    {
        using var dir = new TempDir();
        string conf = dir.Write("c.conf", "[supervisorctl]\nserverurl=unix://x.sock\nprompt=%(ENV_HOME)s\nhistory_file=~/h\n");
        var ctx = TestContext.Create(dir.Path, ("HOME", "/home/u"));
        var opts = ConfigLoader.LoadSupervisorctl(conf, ctx);
        Assert.Equal($"unix://{dir.Path}/x.sock", opts.ServerUrl);
        Assert.Equal("/home/u", opts.Prompt);
        Assert.Equal("/home/u/h", opts.HistoryFile);
        Assert.Null(opts.Username);
    }

    [Fact]
    public void HereIsTheConfigDirectoryNotTheCwd()
    {
        using var dir = new TempDir();
        string conf = dir.Write("sub/c.conf", "[supervisorctl]\nserverurl=unix://%(here)s/s.sock\nusername=u\npassword=p%%\n");
        var opts = ConfigLoader.LoadSupervisorctl(conf, TestContext.Create("/"));
        Assert.Equal($"unix://{dir.Path}/sub/s.sock", opts.ServerUrl);
        Assert.Equal("p%", opts.Password);
        Assert.Equal("supervisor", opts.Prompt);
    }

    [Theory]
    [InlineData("[supervisord]\n", ".ini file does not include supervisorctl section")]
    [InlineData("[supervisorctl]\nprompt=%(here)s\n", "Format string '%(here)s' for 'supervisorctl.prompt' contains names ('here') which cannot be expanded. Available names: ENV_HOME")]
    public void Errors(string text, string message)
    {
        using var dir = new TempDir();
        string conf = dir.Write("c.conf", text);
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadSupervisorctl(conf, TestContext.Create(dir.Path, ("HOME", "/h"))));
        Assert.Equal(message, ex.Message);
    }

    [Fact]
    public void MissingFile()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLoader.LoadSupervisorctl("/nonexistent/x.conf", TestContext.Create("/")));
        Assert.Equal("could not find config file /nonexistent/x.conf", ex.Message);
    }
}

public class ConfigPrinterTests
{
    [Fact]
    public void SummarisesGroupsProcessesServersAndMessages()
    {
        using var dir = new TempDir();
        string conf = dir.Write("s.conf",
            "[supervisord]\nlogfile=/tmp/x.log\n[unix_http_server]\nfile=/tmp/s.sock\n[inet_http_server]\nport=:9001\n" +
            "[program:web]\ncommand=/bin/web --port %(process_num)s\nprocess_name=web%(process_num)s\nnumprocs=2\n" +
            "environment=A=1\nstdout_logfile_maxbytes=0\nredirect_stderr=true\n");
        string text = ConfigPrinter.Format(ConfigLoader.Load(conf, context: TestContext.Create(dir.Path)));
        Assert.Contains("[unix_http_server] unix:///tmp/s.sock mode=0700 auth=off\n", text, StringComparison.Ordinal);
        Assert.Contains("[inet_http_server] http://*:9001 auth=off\n", text, StringComparison.Ordinal);
        Assert.Contains("group web (program) priority=999\n  web0: /bin/web --port 0\n", text, StringComparison.Ordinal);
        Assert.Contains("  web1: /bin/web --port 1\n", text, StringComparison.Ordinal);
        Assert.Contains("stderr=redirected", text, StringComparison.Ordinal);
        Assert.Contains("WARN For [program:web], AUTO logging used for stdout_logfile without rollover", text, StringComparison.Ordinal);
    }
}
