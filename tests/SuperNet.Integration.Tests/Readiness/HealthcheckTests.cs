using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>healthcheck=: a RUNNING process failing its check healthcheck_retries times in a row is restarted.</summary>
public sealed class HealthcheckTests
{
    [Fact]
    public void Consecutive_failures_restart_the_process_and_log_the_last_output()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:svc]
            command={HELPER} signals
            healthcheck=exec:if test -f {DIR}/sick; then echo "disk full"; exit 1; fi
            healthcheck_interval=0.3
            healthcheck_retries=2
            startsecs=0
            """);
        run.WaitForLog("success: svc entered RUNNING state");
        File.WriteAllText(run.Dir.File("sick"), "");
        run.WaitForLog("healthcheck of svc failed (1 of 2): exit status 1: disk full");
        var restart = run.WaitForLog("unhealthy: svc failed 2 healthchecks in a row, restarting it; last output: exit status 1: disk full");
        File.Delete(run.Dir.File("sick"));
        run.WaitForLog("spawned: 'svc'", occurrence: 2);
        run.WaitForLog("success: svc entered RUNNING state", occurrence: 2);
        Assert.Contains(run.Log(), l => l.Message.StartsWith("stopped: svc (", StringComparison.Ordinal));
        Assert.Equal("WARN", restart.Level);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void A_passing_tcp_healthcheck_leaves_the_process_alone()
    {
        var port = Ports.Free();
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:svc]
            command={"{HELPER}"} listen-tcp {port} 0
            healthcheck=tcp:127.0.0.1:{port}
            healthcheck_interval=0.2
            startsecs=0
            """, loglevel: "debug");
        run.WaitForLog("success: svc entered RUNNING state");
        run.WaitForLog("healthcheck of svc passed: connected to 127.0.0.1:", occurrence: 3);
        Assert.Equal(1, run.Log().Count(l => l.Message.StartsWith("spawned: 'svc'", StringComparison.Ordinal)));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
