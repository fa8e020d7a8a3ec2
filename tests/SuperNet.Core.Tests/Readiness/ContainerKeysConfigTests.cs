using SuperNet.Core.Config;
using SuperNet.Core.Readiness;
using SuperNet.Core.Tests.Config;

namespace SuperNet.Core.Tests.Readiness;

/// <summary>depends_on=, ready=, healthcheck=, critical= as read from a file: values, defaults and supervisord-style errors.</summary>
public sealed class ContainerKeysConfigTests
{
    private static SupervisorConfig Load(TempDir dir, string body) =>
        ConfigLoader.Load(dir.Write("supervisord.conf", "[supervisord]\n" + body), context: TestContext.Create(dir.Path));

    private static string Error(TempDir dir, string body) =>
        Assert.Throws<ConfigException>(() => Load(dir, body)).Message;

    private static ProcessConfig Process(SupervisorConfig config, string name) =>
        config.Groups.SelectMany(g => g.Processes).Single(p => p.Name == name);

    [Fact]
    public void Every_key_is_read_with_its_probe_form()
    {
        using var dir = new TempDir();
        var config = Load(dir, """
            critical=true

            [program:db]
            command=/bin/cat
            ready=notify
            ready_timeout=7.5

            [program:app]
            command=/bin/cat
            depends_on=db
            ready=http://127.0.0.1:8080/healthz
            ready_interval=0.25
            healthcheck=tcp:localhost:8080
            healthcheck_interval=5
            healthcheck_retries=2
            critical=false

            [program:worker]
            command=/bin/cat
            depends_on=app, group:*
            ready=fd:3

            [program:job]
            command=/bin/cat
            ready=exec:test -f /tmp/x

            [group:group]
            programs=job
            """);
        var db = Process(config, "db").Container;
        Assert.Equal(ProbeKind.Notify, db.Ready.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7.5), db.ReadyTimeout);
        Assert.True(db.Critical);
        var app = Process(config, "app").Container;
        Assert.Equal(["db"], app.DependsOn);
        Assert.Equal((ProbeKind.Http, "127.0.0.1", 8080, "/healthz"), (app.Ready.Kind, app.Ready.Host, app.Ready.Port, app.Ready.Path));
        Assert.Equal(TimeSpan.FromMilliseconds(250), app.ReadyInterval);
        Assert.Equal((ProbeKind.Tcp, "localhost", 8080), (app.Healthcheck!.Kind, app.Healthcheck.Host, app.Healthcheck.Port));
        Assert.Equal((TimeSpan.FromSeconds(5), 2), (app.HealthcheckInterval, app.HealthcheckRetries));
        Assert.False(app.Critical);
        var worker = Process(config, "worker").Container;
        Assert.Equal(["app", "group:*"], worker.DependsOn);
        Assert.Equal((ProbeKind.Fd, 3), (worker.Ready.Kind, worker.Ready.Fd));
        Assert.Equal((ProbeKind.Exec, "test -f /tmp/x"), (Process(config, "job").Container.Ready.Kind, Process(config, "job").Container.Ready.Command));
    }

    [Fact]
    public void Without_the_keys_nothing_changes()
    {
        using var dir = new TempDir();
        var options = Process(Load(dir, "[program:a]\ncommand=/bin/cat\n"), "a").Container;
        Assert.Equal(ContainerOptions.None, options);
        Assert.False(options.UsesReadiness);
        Assert.Equal(ProbeKind.Started, options.Ready.Kind);
    }

    [Theory]
    [InlineData("ready=bogus", "not a valid ready value: 'bogus' (expected started, notify, fd:N, tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND)")]
    [InlineData("ready=fd:1", "not a valid ready value: 'fd:1' (expected fd:N with N from 3 to 1023: 0-2 are the program's stdin, stdout and stderr)")]
    [InlineData("ready=fd:1024", "not a valid ready value: 'fd:1024' (expected fd:N with N from 3 to 1023: 0-2 are the program's stdin, stdout and stderr)")]
    [InlineData("ready=tcp:localhost", "not a valid ready value: 'tcp:localhost' (expected started, notify, fd:N, tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND)")]
    [InlineData("ready_timeout=-1", "not a valid ready_timeout value: '-1' (expected a number of seconds >= 0)")]
    [InlineData("ready_interval=0", "not a valid ready_interval value: '0' (expected a number of seconds > 0)")]
    [InlineData("healthcheck=notify", "not a valid healthcheck value: 'notify' (expected tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND)")]
    [InlineData("healthcheck_retries=0", "not a valid healthcheck_retries value: '0' (expected an integer >= 1)")]
    [InlineData("critical=maybe", "not a valid boolean value: 'maybe'")]
    [InlineData("depends_on=a", "depends_on names its own program: 'a'")]
    [InlineData("depends_on=nothere", "depends_on names unknown program or group 'nothere'")]
    public void Bad_values_name_the_section_and_key(string line, string message)
    {
        using var dir = new TempDir();
        var error = Error(dir, $"[program:a]\ncommand=/bin/cat\n{line}\n");
        Assert.Equal($"{message} in section 'program:a' (file: '{dir.File("supervisord.conf")}')", error);
    }

    [Fact]
    // Sections are walked in group order: the listener (priority -1) comes first.
    public void A_cycle_is_named_in_full()
    {
        using var dir = new TempDir();
        var error = Error(dir, """
            [program:a]
            command=/bin/cat
            depends_on=c

            [program:b]
            command=/bin/cat
            depends_on=a

            [eventlistener:c]
            command=/bin/cat
            events=PROCESS_STATE
            depends_on=b
            """);
        Assert.Equal(
            $"depends_on makes a cycle: eventlistener:c -> program:b -> program:a -> eventlistener:c in section 'eventlistener:c' (file: '{dir.File("supervisord.conf")}')",
            error);
    }

    [Fact]
    public void A_bad_critical_default_fails_in_the_supervisord_section()
    {
        using var dir = new TempDir();
        Assert.Equal("not a valid boolean value: 'sometimes'", Error(dir, "critical=sometimes\n"));
    }
}
