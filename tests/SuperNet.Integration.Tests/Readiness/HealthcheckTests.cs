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
    public void Checks_end_at_shutdown_so_a_failing_one_does_not_stop_a_dependency_before_its_dependents()
    {
        // db stays RUNNING while app takes its stopwaitsecs to die; its checks went on, and one failing there
        // "restarted" (stopped) db before app, against the shutdown order depends_on promises.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command={HELPER} signals
            healthcheck=exec:test -f {DIR}/ok
            healthcheck_interval=0.2
            healthcheck_retries=1
            startsecs=0

            [program:app]
            command={HELPER} ignore-term
            depends_on=db
            startsecs=0
            stopwaitsecs=3
            """);
        File.WriteAllText(run.Dir.File("ok"), "");
        run.WaitForLog("success: app entered RUNNING state");
        run.Signal(15);
        run.WaitForLog("received SIGTERM indicating exit request");
        File.Delete(run.Dir.File("ok"));
        Assert.Equal(0, run.WaitForExit());
        var log = run.Log().Select(l => l.Message).ToList();
        Assert.DoesNotContain(log, m => m.StartsWith("unhealthy: db", StringComparison.Ordinal));
        Assert.True(log.FindIndex(m => m.StartsWith("stopped: app (", StringComparison.Ordinal))
            < log.FindIndex(m => m.StartsWith("stopped: db (", StringComparison.Ordinal)), run.Diagnostics());
    }

    [Fact]
    public void A_passing_tcp_healthcheck_leaves_the_process_alone()
    {
        var port = Ports.Free();
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:svc]
            command={"{HELPER}"} listen-tcp {port} 0
            ready=tcp:127.0.0.1:{port}
            ready_interval=0.2
            ready_timeout=0
            healthcheck=tcp:127.0.0.1:{port}
            healthcheck_interval=0.2
            startsecs=0
            """, loglevel: "debug");
        // Checks begin once it is RUNNING; ready= holds that until it listens. Without it a loaded machine could
        // start the helper later than three checks (0.6 s) and see a correct restart of a process not yet listening.
        run.WaitForLog("success: svc entered RUNNING state, process is ready (tcp:");
        run.WaitForLog("healthcheck of svc passed: connected to 127.0.0.1:", occurrence: 3);
        Assert.Equal(1, run.Log().Count(l => l.Message.StartsWith("spawned: 'svc'", StringComparison.Ordinal)));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void An_exec_check_whose_environment_file_went_away_fails_like_its_spawn_would()
    {
        // Read at each spawn, the probe's too: a file removed after the start is that check's failure,
        // not an exception out of the supervisor loop (which left every timer unarmed for good).
        using var files = new TempDir();
        var svcEnv = files.Write("svc.env", "A=1\n");
        var waiterEnv = files.Write("waiter.env", "A=1\n");
        using var run = SupervisorRun.Start(Implementation.SuperNet, $$"""
            [program:svc]
            command={HELPER} signals
            environment_file={{svcEnv}}
            healthcheck=exec:true
            healthcheck_interval=0.3
            healthcheck_retries=2
            startsecs=0
            startretries=0

            [program:waiter]
            command={HELPER} signals
            environment_file={{waiterEnv}}
            ready=exec:test -f {DIR}/never
            ready_interval=0.2
            ready_timeout=1.5
            startsecs=0
            startretries=0
            """);
        run.WaitForLog("success: svc entered RUNNING state");
        run.WaitForLog("spawned: 'waiter'");
        File.Delete(svcEnv);
        File.Delete(waiterEnv);
        var missing = $"couldn't read environment_file {svcEnv}: No such file or directory";
        run.WaitForLog($"healthcheck of svc failed (1 of 2): {missing}");
        run.WaitForLog($"unhealthy: svc failed 2 healthchecks in a row, restarting it; last output: {missing}");
        run.WaitForLog($"spawnerr: {missing}");
        run.WaitForLog("gave up: svc entered FATAL state, too many start retries too quickly");
        run.WaitForLog("gave up: waiter entered FATAL state, too many start retries too quickly");
        Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("uncaught exception", StringComparison.Ordinal));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
