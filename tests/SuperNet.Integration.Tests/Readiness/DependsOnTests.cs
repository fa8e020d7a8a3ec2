using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>depends_on= end to end: `start` pulls dependencies in, and bad graphs stop supernetd with exit 2.</summary>
public sealed class DependsOnTests
{
    [Fact]
    public void Ctl_start_starts_the_dependencies_first_and_returns_once_ready()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command={HELPER} notify 1
            ready=notify
            autostart=false
            startsecs=0

            [program:app]
            command={HELPER} signals
            depends_on=db
            autostart=false
            startsecs=0
            """);
        run.WaitForLog("supervisord started");
        var (code, output) = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "start", "app"]);
        Assert.Equal((0, "app: started\n"), (code, output));
        var log = run.Log().Select(l => l.Message).ToList();
        Assert.True(log.FindIndex(m => m.StartsWith("success: db entered RUNNING state, process is ready (notify)", StringComparison.Ordinal))
            < log.FindIndex(m => m.StartsWith("spawned: 'app'", StringComparison.Ordinal)), run.Diagnostics());
        Assert.Contains("success: app entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)", log);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Ctl_start_whose_dependency_is_fatal_says_which_and_why()
    {
        // startProcess answers FAILED here, a code supervisorctl's start has no text for: it printed
        // "error: <class 'ValueError'>, Unknown result code 30 for app" and stopped at the first such result.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command={HELPER} exit 1
            startretries=0

            [program:app]
            command={HELPER} signals
            depends_on=db

            [program:other]
            command={HELPER} signals
            autostart=false
            """);
        run.WaitForLog("gave up: db entered FATAL state");
        Assert.Equal((1, "app: ERROR (its dependency db is FATAL (depends_on))\n"),
            SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "start", "app"]));
        run.WaitForLog("gave up: db entered FATAL state", occurrence: 2);
        var (code, output) = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "start", "all"]);
        Assert.NotEqual(0, code);
        Assert.Contains("app: ERROR (its dependency db is FATAL (depends_on))\n", output);
        Assert.Contains("other: started\n", output);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Theory]
    [InlineData("depends_on=app", "depends_on names its own program: 'app' in section 'program:app'")]
    [InlineData("ready=bogus", "not a valid ready value: 'bogus' (expected started, notify, fd:N, tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND) in section 'program:app'")]
    [InlineData("ready_timeout=-1", "not a valid ready_timeout value: '-1' (expected a number of seconds >= 0) in section 'program:app'")]
    public void A_bad_value_is_a_configuration_error_with_exit_2(string line, string message)
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:app]
            command={"{HELPER}"} signals
            {line}
            """);
        Assert.Equal(2, run.WaitForExit());
        Assert.StartsWith($"Error: {message} (file: '{run.ConfigPath}')\n", run.Stderr);
    }
}
