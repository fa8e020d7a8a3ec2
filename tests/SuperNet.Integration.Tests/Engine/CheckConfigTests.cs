using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// supervisord runs a config with a misspelt section or key without a word (the program is missing, or the option
/// at its default); supernetd does too, and --check-config says what it ignored, on stderr, still exiting 0.
/// </summary>
public sealed class CheckConfigTests
{
    [Fact]
    public void CheckConfigWarnsOfMisspeltSectionsAndKeysOnStderr()
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            [programm:web]
            command=/bin/sleep 60
            [program:api]
            command=/bin/sleep 60
            autorestar=false
            """);
        var (code, _) = SupervisorRun.Run("/bin/sh",
            ["-c", $"'{Binaries.Supernetd}' --check-config -c '{config}' > '{dir.File("out")}' 2> '{dir.File("err")}'"]);

        Assert.Equal(0, code);
        Assert.Equal(
            $"Warning: section [programm:web] (file: '{config}') is not one supervisord reads: ignored (did you mean [program:web]?)\n" +
            $"Warning: key 'autorestar' in section [program:api] (file: '{config}') is not one supervisord reads: ignored (did you mean 'autorestart'?)\n",
            File.ReadAllText(dir.File("err")));
        Assert.StartsWith($"configuration {config} is valid\n", File.ReadAllText(dir.File("out")), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfigWarnsAsStartUpLogsOfWhatHasNoEffect()
    {
        // Start-up logs these as WARN lines in the main log, which a check never writes.
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            [program:api]
            command=/bin/sleep 60
            backoff_max=60
            [include]
            files=conf.d/*.conf
            """);
        var (code, _) = SupervisorRun.Run("/bin/sh",
            ["-c", $"'{Binaries.Supernetd}' --check-config -c '{config}' > '{dir.File("out")}' 2> '{dir.File("err")}'"]);

        Assert.Equal(0, code);
        Assert.Equal(
            $"Warning: No file matches via include \"{dir.File("conf.d/*.conf")}\"\n" +
            "Warning: For [program:api], backoff_max is set without backoff=exponential, so it has no effect\n",
            File.ReadAllText(dir.File("err")));
        Assert.False(File.Exists(dir.File("main.log")));
    }

    [Fact]
    public void CheckConfigWritesBooleansAsTheConfigDoes()
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            [program:api]
            command=/bin/sleep 60
            autostart=false
            autorestart=true
            """);
        var (code, _) = SupervisorRun.Run("/bin/sh",
            ["-c", $"'{Binaries.Supernetd}' --check-config -c '{config}' > '{dir.File("out")}' 2> '{dir.File("err")}'"]);

        Assert.Equal(0, code);
        Assert.Contains("  api:api priority=999 autostart=false startsecs=1 autorestart=true command=/bin/sleep 60\n",
            File.ReadAllText(dir.File("out")), StringComparison.Ordinal);
    }

    [Fact]
    public void CheckConfigShowsSuperNetKeysThatDifferFromTheirDefaults()
    {
        using var dir = new TempDir();
        dir.Write("app.env", "A=1\n");
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            environment_file=app.env
            exit_when_done=true
            [program:db]
            command=/bin/sleep 60
            [program:api]
            command=/bin/sleep 60
            backoff=exponential
            backoff_max=60
            backoff_jitter=0.2
            log_prefix=%(program_name)s |
            log_format=json
            environment_file=app.env
            depends_on=db
            ready=tcp:127.0.0.1:8080
            healthcheck_retries=5
            critical=true
            """);
        var (code, _) = SupervisorRun.Run("/bin/sh",
            ["-c", $"'{Binaries.Supernetd}' --check-config -c '{config}' > '{dir.File("out")}' 2> '{dir.File("err")}'"]);

        Assert.Equal(0, code);
        var report = File.ReadAllText(dir.File("out"));
        Assert.Contains($"supervisord environment_file={dir.File("app.env")}\nsupervisord exit_when_done=true\n", report, StringComparison.Ordinal);
        Assert.Contains("  api:api priority=999 autostart=true startsecs=1 autorestart=unexpected command=/bin/sleep 60\n" +
            "    supernet: backoff=exponential backoff_max=60 backoff_jitter=0.2 log_prefix='api |' log_format=json " +
            $"environment_file={dir.File("app.env")} depends_on=db ready=tcp:127.0.0.1:8080 healthcheck_retries=5 critical=true\n",
            report, StringComparison.Ordinal);
        // A program with no SuperNet keys reads as before: no second line.
        Assert.EndsWith("  db:db priority=999 autostart=true startsecs=1 autorestart=unexpected command=/bin/sleep 60\n", report,
            StringComparison.Ordinal);
    }
    [Theory]
    [InlineData("supervisor.rpcinterface:make_main_rpcinterface", "retries = 3")]
    [InlineData("supervisor.rpcinterface:make_main_rpcinterface", "supervisord = x")]
    [InlineData("supervisor.rpcinterface:make_nothing", "")]
    [InlineData("nosuch.module:make", "")]
    public void CheckConfigStopsAsStartUpDoesOnAnRpcInterfaceFactory(string factory, string extra)
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            [unix_http_server]
            file={dir.File("sv.sock")}
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = {factory}
            {extra}
            [program:api]
            command=/bin/sleep 60
            """);
        // A factory that cannot be found stops the read of the file; one that refuses a key parses, and stops
        // start-up only as the HTTP server calls it, the TypeError in the main log.
        var (oracleCode, _) = SupervisorRun.Run("/bin/sh",
            ["-c", $"'{Binaries.Supervisord}' -n -c '{config}' > /dev/null 2> '{dir.File("oracle.err")}'"]);
        var (code, _) = SupervisorRun.Run("/bin/sh",
            ["-c", $"'{Binaries.Supernetd}' --check-config -c '{config}' > '{dir.File("out")}' 2> '{dir.File("err")}'"]);

        var startUp = File.ReadAllText(dir.File("oracle.err")).Replace(Binaries.Supervisord, Binaries.Supernetd, StringComparison.Ordinal);
        Assert.StartsWith("Error: ", startUp, StringComparison.Ordinal);
        var cause = File.Exists(dir.File("main.log"))
            ? File.ReadAllLines(dir.File("main.log")).Where(l => l.StartsWith("TypeError: ", StringComparison.Ordinal)).Select(l => l + "\n").SingleOrDefault()
            : null;
        Assert.Equal(extra.Length > 0, cause is not null);
        Assert.Equal(2, oracleCode);
        Assert.Equal(oracleCode, code);
        Assert.Equal(cause + startUp, File.ReadAllText(dir.File("err")));
        Assert.Equal("", File.ReadAllText(dir.File("out")));
    }

    [Fact]
    public void CheckConfigPassesAnRpcInterfaceFactoryThatNoServerCalls()
    {
        // Without an HTTP server supervisord never calls the factory, and runs.
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            retries = 3
            [program:api]
            command=/bin/sleep 60
            """);
        var (code, output) = SupervisorRun.Run(Binaries.Supernetd, ["--check-config", "-c", config]);

        Assert.Equal(0, code);
        Assert.StartsWith($"configuration {config} is valid\n", output, StringComparison.Ordinal);
    }
}
