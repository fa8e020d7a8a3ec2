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
