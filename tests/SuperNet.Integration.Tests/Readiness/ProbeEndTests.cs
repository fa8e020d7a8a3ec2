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
        // setsid: out of the probe's process group, which is killed when the probe exits, so it stays and holds the
        // pipe. The probe exits only once it is out (its session id, field 6 of its stat, is its own pid).
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:app]
            command={HELPER} signals
            ready=exec:setsid sleep 300 & echo $! > {DIR}/background.pid; until [ "$(cut -d' ' -f6 /proc/$!/stat)" = "$!" ]; do sleep 0.01; done; echo probed
            ready_interval=120
            ready_timeout=0
            startsecs=0
            """);
        var background = 0;
        try
        {
            run.WaitForLog("success: app entered RUNNING state, process is ready (exec:setsid sleep 300", WellBeforeTheAttemptTimeout);
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

    public static TheoryData<string, string> ProbeEnds => new()
    {
        // The command's own exit, success or failure, and its kill at the attempt's timeout (ready_interval=1: 2 s).
        { "exits 0", "sleep 300 & echo $! > {DIR}/background.pid; exit 0" },
        { "exits 1", "sleep 300 & echo $! > {DIR}/background.pid; exit 1" },
        { "times out", "sleep 300 & echo $! > {DIR}/background.pid; exec sleep 300" },
    };

    [Theory]
    [MemberData(nameof(ProbeEnds))]
    public void An_exec_probe_leaves_nothing_running_in_its_process_group(string end, string probe)
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:app]
            command={"{HELPER}"} signals
            ready=exec:{probe}
            ready_interval=1
            ready_timeout=0
            startsecs=0
            """);
        var path = run.Dir.File("background.pid");
        Wait.Until(() => File.Exists(path) && File.ReadAllText(path).EndsWith('\n'), "the probe's background sleep");
        var background = int.Parse(File.ReadAllText(path).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            // By its pid, the one this probe started: once killed it is re-parented to the daemon (a subreaper) and reaped.
            Wait.Until(() => !Directory.Exists($"/proc/{background}"), $"the probe's background sleep {background} to be gone once the probe {end}",
                WellBeforeTheAttemptTimeout);
        }
        finally
        {
            Native.kill(background, 9);
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
