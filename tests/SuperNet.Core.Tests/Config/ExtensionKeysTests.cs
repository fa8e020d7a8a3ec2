using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

public sealed class ExtensionKeysTests
{
    private static SupervisorConfig Load(TempDir dir, string program, string supervisord = "")
    {
        var path = dir.Write("supervisord.conf", $"[supervisord]\n{supervisord}\n[program:web]\ncommand=/bin/true\n{program}\n");
        return ConfigLoader.Load(path, null, TestContext.Create(dir.Path));
    }

    private static ProcessConfig Web(TempDir dir, string program, string supervisord = "") =>
        Load(dir, program, supervisord).Groups.Single().Processes.Single();

    [Fact]
    public void Defaults_are_supervisords_behaviour()
    {
        using var dir = new TempDir();
        var web = Web(dir, "");
        Assert.Equal(RestartPolicy.Default, web.Restart);
        Assert.Equal(ContainerLogOptions.Default, web.ContainerLog);
        Assert.Empty(web.EnvironmentFiles);
        Assert.Equal(DaemonStream.None, web.Stdout.Stream);
    }

    [Fact]
    public void Every_key_is_read()
    {
        using var dir = new TempDir();
        var loaded = Load(dir, """
            backoff=exponential
            backoff_initial=0.5
            backoff_max=20
            backoff_jitter=0.2
            backoff_reset=60
            log_prefix=%(time)s %(program_name)s.%(process_num)s@%(group_name)s/%(process_name)s |
            log_format=json
            stdout_logfile=stdout
            stderr_logfile=/dev/stderr
            environment_file=app.env, /etc/shared.env
            """, "environment_file=%(here)s/global.env");
        var web = loaded.Groups.Single().Processes.Single();
        Assert.Equal(new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 0.5, MaxSeconds = 20, Jitter = 0.2, ResetSeconds = 60 }, web.Restart);
        Assert.Equal(new ContainerLogOptions { Prefix = "%(time)s web.0@web/web | ", Json = true }, web.ContainerLog);
        Assert.Equal((DaemonStream.Stdout, (string?)null), (web.Stdout.Stream, web.Stdout.Path));
        Assert.Equal((DaemonStream.Stderr, (string?)"/dev/stderr"), (web.Stderr.Stream, web.Stderr.Path));
        Assert.Equal([dir.File("app.env"), "/etc/shared.env"], web.EnvironmentFiles);
        Assert.Equal([dir.File("global.env")], loaded.Supervisord.EnvironmentFiles);
        Assert.Equal(2.5, Web(dir, "restart_delay=2.5").Restart.FixedSeconds);
    }

    [Fact]
    public void A_relative_environment_file_is_relative_to_the_included_file_that_names_it()
    {
        // docs/containers.md: "relative to the directory of the config file that names them" (a conf.d snippet
        // beside its .env file); it was the main file's directory for every section.
        using var dir = new TempDir();
        dir.Write("conf.d/web.conf", "[program:web]\ncommand=/bin/true\nenvironment_file=web.env\n");
        var main = dir.Write("supervisord.conf", "[supervisord]\nenvironment_file=common.env\n[include]\nfiles=conf.d/*.conf\n");

        var loaded = ConfigLoader.Load(main, null, TestContext.Create(dir.Path));

        Assert.Equal([dir.File("conf.d/web.env")], loaded.Groups.Single().Processes.Single().EnvironmentFiles);
        Assert.Equal([dir.File("common.env")], loaded.Supervisord.EnvironmentFiles);
    }

    [Fact]
    public void Exponential_keys_without_backoff_exponential_are_named_in_a_warning()
    {
        using var dir = new TempDir();
        var without = Load(dir, "backoff_max=60\nbackoff_reset=5\nrestart_delay=2");
        Assert.Equal(
            [
                "For [program:web], backoff_max is set without backoff=exponential, so it has no effect",
                "For [program:web], backoff_reset is set without backoff=exponential, so it has no effect",
            ],
            without.Messages.Where(m => m.Level == LogLevel.Warn).Select(m => m.Text));
        Assert.DoesNotContain(Load(dir, "backoff=exponential\nbackoff_max=60").Messages, m => m.Level == LogLevel.Warn);
        Assert.DoesNotContain(Load(dir, "restart_delay=2").Messages, m => m.Level == LogLevel.Warn);
    }

    [Theory]
    [InlineData("backoff=linear", "invalid 'backoff' value 'linear' (expected supervisord or exponential)")]
    [InlineData("backoff_initial=soon", "invalid 'backoff_initial' value 'soon' (expected seconds, e.g. 1.5)")]
    [InlineData("backoff_max=-1", "invalid 'backoff_max' value '-1' (expected seconds, e.g. 1.5)")]
    [InlineData("backoff_jitter=1.5", "invalid 'backoff_jitter' value '1.5' (expected a fraction below 1)")]
    [InlineData("backoff_initial=10\nbackoff_max=5", "backoff_max must not be less than backoff_initial")]
    [InlineData("backoff=exponential\nrestart_delay=3", "restart_delay and backoff=exponential cannot be used together")]
    [InlineData("log_format=xml", "invalid 'log_format' value 'xml' (expected text or json)")]
    [InlineData("log_prefix=%(nope)s", "Format string '%(nope)s' for 'log_prefix' contains names ('nope') which cannot be expanded. Available names: ")]
    public void Bad_values_name_the_key_and_section(string program, string message)
    {
        using var dir = new TempDir();
        var e = Assert.Throws<ConfigException>(() => Load(dir, program));
        Assert.StartsWith(message, e.Message);
        Assert.Contains("in section 'program:web'", e.Message);
    }
}
