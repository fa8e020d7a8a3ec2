using System.Net;
using System.Net.Sockets;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>
/// ready= probes end when a shutdown begins: a process still STARTING waits for its turn (here: app, a
/// higher-priority group, takes its stopwaitsecs to die) and is then simply stopped, not failed as a start.
/// app is ready (RUNNING) once the helper said "ready", after it set SIGTERM aside: a SIGTERM before would stop it at once.
/// </summary>
public sealed class ShutdownProbeTests
{
    [Fact]
    public void Ready_timeout_does_not_fail_a_start_that_waits_for_its_turn_at_shutdown()
    {
        // Bound but not listening: the port refuses connections and no one else gets it, so the probe never succeeds.
        // ready_timeout would pass while app is stopping.
        using var closed = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closed.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)closed.LocalEndPoint!).Port;
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:slow]
            command={"{HELPER}"} signals
            ready=tcp:127.0.0.1:{port}
            ready_interval=0.2
            ready_timeout=3
            priority=1

            [program:app]
            command={"{HELPER}"} ignore-term
            stdout_logfile={"{DIR}"}/app.log
            ready=exec:grep -q ready {"{DIR}"}/app.log
            ready_interval=0.1
            startsecs=0
            stopwaitsecs=8
            priority=2
            """);
        run.WaitForLog("success: app entered RUNNING state");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        var log = run.Log().Select(l => l.Message).ToList();
        Assert.DoesNotContain(log, m => m.Contains("stopping it as a failed start", StringComparison.Ordinal));
        Assert.DoesNotContain(log, m => m.StartsWith("exited: slow", StringComparison.Ordinal));
        var app = log.FindIndex(m => m.StartsWith("stopped: app (", StringComparison.Ordinal));
        var slow = log.FindIndex(m => m.StartsWith("stopped: slow (", StringComparison.Ordinal));
        Assert.True(app >= 0 && app < slow, run.Diagnostics());
    }

    [Fact]
    public void An_exec_probe_running_at_shutdown_is_killed_and_reaped_at_once()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:slow]
            command={HELPER} signals
            ready=exec:echo $$ > {DIR}/probe.pid; exec sleep 300
            ready_interval=120
            ready_timeout=0
            priority=1

            [program:app]
            command={HELPER} ignore-term
            stdout_logfile={DIR}/app.log
            ready=exec:grep -q ready {DIR}/app.log
            ready_interval=0.1
            startsecs=0
            stopwaitsecs=30
            priority=2
            """);
        var path = run.Dir.File("probe.pid");
        Wait.Until(() => File.Exists(path) && File.ReadAllText(path).EndsWith('\n'), "the probe to run");
        var probe = int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            run.WaitForLog("success: app entered RUNNING state");
            run.Signal(15);
            run.WaitForLog("received SIGTERM indicating exit request");
            // Gone from /proc: killed and reaped, not a zombie, while app still has most of its 30 s to go.
            Wait.Until(() => !Directory.Exists($"/proc/{probe}"), $"the probe {probe} to be killed and reaped");
            Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("stopped: app (", StringComparison.Ordinal));
            Assert.Equal(0, run.WaitForExit());
        }
        finally
        {
            Native.kill(probe, 9);
        }
    }
}
