using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public class SupervisordArgumentsTests
{
    private static SupervisordArguments Parse(params string[] args) => SupervisordArguments.Parse(args, TestContext.Create("/"));

    [Fact]
    public void CombinedShortFlagsAndAttachedValues()
    {
        var a = Parse("-nks", "-c/etc/x.conf", "-edebug");
        Assert.Equal(SupervisordAction.Run, a.Action);
        Assert.Equal("/etc/x.conf", a.ConfigFile);
        Assert.True(a.Overrides.Nodaemon);
        Assert.True(a.Overrides.NoCleanup);
        Assert.True(a.Overrides.Silent);
        Assert.Equal(LogLevel.Debug, a.Overrides.LogLevel);
        Assert.Null(a.Overrides.StripAnsi);
    }

    [Fact]
    public void LongOptionsTakeEqualsOrNextArgumentAndUniquePrefixes()
    {
        var a = Parse("--conf=/a.conf", "--loglevel", "warn", "--ch", "/tmp", "--minp=5", "--umask=077", "--logfile_b", "4");
        Assert.Equal("/a.conf", a.ConfigFile);
        Assert.Equal(LogLevel.Warn, a.Overrides.LogLevel);
        Assert.Equal("/tmp", a.Overrides.ChildLogDir);
        Assert.Equal(5, a.Overrides.MinProcs);
        Assert.Equal(63, a.Overrides.Umask);
        Assert.Equal(4, a.Overrides.LogfileBackups);
    }

    [Theory]
    [InlineData(SupervisordAction.Help, "-h")]
    [InlineData(SupervisordAction.Help, "-?")]
    [InlineData(SupervisordAction.Help, "--he")]
    [InlineData(SupervisordAction.Help, "-n", "-h", "-e", "bogus")]
    [InlineData(SupervisordAction.Version, "-v")]
    [InlineData(SupervisordAction.Version, "--version", "-h")]
    [InlineData(SupervisordAction.CheckConfig, "--check-config", "-c", "x.conf")]
    public void Actions(SupervisordAction action, params string[] args) => Assert.Equal(action, Parse(args).Action);

    [Theory]
    [InlineData("option --check not recognized", "--check")]
    [InlineData("option --c not a unique prefix", "--c=x")]
    [InlineData("invalid value for -e 'bogus': bad logging level name 'bogus'", "-e", "bogus", "-h")]
    [InlineData("option -c requires argument", "-nc")]
    [InlineData("option --configuration requires argument", "--configuration")]
    [InlineData("option -: not recognized", "-:")]
    [InlineData("positional arguments are not supported: ['a', '-n']", "a", "-n")]
    [InlineData("positional arguments are not supported: ['-']", "-")]
    [InlineData("conflicting command line option '--nodaemon'", "-n", "--nodaemon")]
    [InlineData("conflicting command line option '--check-config'", "--check-config", "--check-config")]
    [InlineData("invalid value for -y '1.5MB': invalid literal for int() with base 10: '1.5'", "-y", "1.5MB")]
    [InlineData("invalid value for -q '/nonexistent-dir': /nonexistent-dir is not an existing directory", "-q", "/nonexistent-dir")]
    [InlineData("invalid value for -l '/nonexistent-dir/x.log': The directory named as part of the path /nonexistent-dir/x.log does not exist", "-l", "/nonexistent-dir/x.log")]
    public void UsageErrors(string message, params string[] args) =>
        Assert.Equal(message, Assert.Throws<ConfigException>(() => Parse(args)).Message);

    [Fact]
    public void DoubleDashEndsOptions()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse("-n", "--", "-k"));
        Assert.Equal("positional arguments are not supported: ['-k']", ex.Message);
    }

    [Fact]
    public void VersionMatchesTheRealSupervisord()
    {
        var real = Oracle.Run(Oracle.Supervisord, ["-v"], "/", TimeSpan.FromSeconds(30));
        Assert.Equal(0, real.ExitCode);
        Assert.Equal(SupervisordArguments.Version + "\n", real.Stdout);
    }

    [Fact]
    public void HelpTextNamesEveryOption()
    {
        string help = SupervisordArguments.HelpText("supernetd");
        foreach (var opt in new[] { "-c/--configuration", "-n/--nodaemon", "-s/--silent", "-u/--user", "-m/--umask", "-d/--directory",
                     "-l/--logfile", "-y/--logfile_maxbytes", "-z/--logfile_backups", "-e/--loglevel", "-j/--pidfile",
                     "-i/--identifier", "-q/--childlogdir", "-k/--nocleanup", "-a/--minfds", "-t/--strip_ansi", "--minprocs",
                     "--profile_options", "--check-config" })
        {
            Assert.Contains(opt, help, StringComparison.Ordinal);
        }
    }

    // supervisord's first line is its fixed name; only the Usage line carries argv[0] (checked with /usr/bin/supervisord -h).
    [Theory]
    [InlineData("/opt/supernet/bin/supernetd", "supernetd")]
    [InlineData("./supernetd", "supernetd")]
    [InlineData("/usr/bin/supervisord", "supervisord")]
    public void HelpTextStartsWithTheFixedNameAndUsageCarriesArgv0(string argv0, string name)
    {
        var lines = SupervisordArguments.HelpText(argv0).Split('\n');
        Assert.StartsWith(name + " -- ", lines[0], StringComparison.Ordinal);
        Assert.Equal($"Usage: {argv0} [options]", lines[2]);
    }

    [Fact]
    public void HelpTextShowsWhatVersionPrintsUnderEitherName()
    {
        string help = SupervisordArguments.HelpText("supernetd");
        Assert.Contains('"' + SuperNetVersion.Line(SupervisordArguments.Version, "/usr/bin/supernetd", "supernetd") + '"', help, StringComparison.Ordinal);
        Assert.Contains('"' + SuperNetVersion.Line(SupervisordArguments.Version, "/usr/bin/supervisord", "supernetd") + "\" alone under the name supervisord", help, StringComparison.Ordinal);
    }
}

public class ConfigLocatorTests
{
    [Fact]
    public void SearchOrderHangsOffTheExecutablesParentDirectory()
    {
        Assert.Equal(
            ["/usr/etc/supervisord.conf", "/usr/supervisord.conf", "supervisord.conf", "etc/supervisord.conf",
             "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf"],
            ConfigLocator.SearchPaths("/usr/bin/supernetd"));
        Assert.Equal("etc/supervisord.conf", ConfigLocator.SearchPaths("supernetd")[0]);
    }

    [Fact]
    public void FirstExistingCandidateWinsRelativeOnesAgainstTheCwd()
    {
        using var dir = new TempDir();
        dir.Write("etc/supervisord.conf", "[supervisord]\n");
        Assert.Equal("etc/supervisord.conf", ConfigLocator.Find($"{dir.Path}/nowhere/bin/supernetd", dir.Path));
        dir.Write("prefix/supervisord.conf", "[supervisord]\n");
        Assert.Equal($"{dir.Path}/prefix/supervisord.conf", ConfigLocator.Find($"{dir.Path}/prefix/bin/supernetd", dir.Path));
    }

    [Fact]
    public void NothingFoundIsSupervisordsUsageError()
    {
        var ex = Assert.Throws<ConfigException>(() => ConfigLocator.FindOrThrow("/usr/bin/supervisord", _ => false));
        Assert.Equal(
            "No config file found at default paths (/usr/etc/supervisord.conf, /usr/supervisord.conf, supervisord.conf, " +
            "etc/supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf); use the -c option to specify " +
            "a config file at a different path",
            ex.Message);
    }
}
