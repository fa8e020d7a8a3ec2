using System.Net;
using System.Net.Sockets;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>When a probe attempt ends: at its command's exit (exec), at its cancellation (tcp/http), not at its timeout.</summary>
public sealed class ProbeEndTests
{
    // Each attempt may take ready_interval (120 s here): an attempt that waits for its timeout fails these tests.
    private static readonly TimeSpan WellBeforeTheAttemptTimeout = TimeSpan.FromSeconds(40);

    [Fact]
    public void An_exec_probe_is_answered_by_its_exit_though_what_it_left_running_holds_its_output()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:app]
            command={HELPER} signals
            ready=exec:sleep 300 & echo $! > {DIR}/background.pid; echo probed
            ready_interval=120
            ready_timeout=0
            startsecs=0
            """);
        var background = 0;
        try
        {
            run.WaitForLog("success: app entered RUNNING state, process is ready (exec:sleep 300", WellBeforeTheAttemptTimeout);
            background = int.Parse(File.ReadAllText(run.Dir.File("background.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
            // What it said before its exit is its answer; the pipe the background sleep still holds is closed in the daemon.
            var (_, json) = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "--json", "status", "app"]);
            Assert.Contains("probed", json);
            var pipe = new FileInfo($"/proc/{background}/fd/1").LinkTarget!;
            Assert.StartsWith("pipe:", pipe);
            var daemon = run.DaemonPid;
            Wait.Until(() => !Directory.GetFiles($"/proc/{daemon}/fd").Any(fd => new FileInfo(fd).LinkTarget == pipe),
                $"the daemon to close the probe's pipe {pipe}");
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
        }
        finally
        {
            if (background > 0)
            {
                Native.kill(background, 9);
            }
        }
    }

    [Fact]
    public async Task A_cancelled_http_probe_closes_its_connection_at_once()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:app]
            command={"{HELPER}"} signals
            ready=http://127.0.0.1:{port}/
            ready_interval=120
            ready_timeout=1
            startretries=0
            startsecs=0
            """);
        using var deadline = new CancellationTokenSource(Wait.Default);
        // Accepted and never answered: the attempt waits for the answer until ready_timeout cancels it.
        using var connection = await listener.AcceptAsync(deadline.Token);
        run.WaitForLog("app not ready within 1 seconds (ready_timeout); stopping it as a failed start");
        using var closed = new CancellationTokenSource(WellBeforeTheAttemptTimeout);
        var buffer = new byte[4096];
        try
        {
            while (await connection.ReceiveAsync(buffer, SocketFlags.None, closed.Token) > 0)
            {
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("the cancelled probe kept its connection open");
        }
        run.WaitForLog("gave up: app entered FATAL state");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
