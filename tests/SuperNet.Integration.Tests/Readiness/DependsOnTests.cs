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
