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
        Assert.Contains($"supervisord environment_file={dir.File("app.env")}\n", report, StringComparison.Ordinal);
        Assert.Contains("  api:api priority=999 autostart=true startsecs=1 autorestart=unexpected command=/bin/sleep 60\n" +
            "    supernet: backoff=exponential backoff_max=60 backoff_jitter=0.2 log_prefix='api |' log_format=json " +
            $"environment_file={dir.File("app.env")} depends_on=db ready=tcp:127.0.0.1:8080 healthcheck_retries=5 critical=true\n",
            report, StringComparison.Ordinal);
        // A program with no SuperNet keys reads as before: no second line.
        Assert.EndsWith("  db:db priority=999 autostart=true startsecs=1 autorestart=unexpected command=/bin/sleep 60\n", report,
            StringComparison.Ordinal);
    }
}
