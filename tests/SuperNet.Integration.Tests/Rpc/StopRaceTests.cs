using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>A stop that follows a start at once must still reach the child (no SIGKILL after stopwaitsecs).</summary>
public sealed class StopRaceTests
{
    private const string Script = """
        import sys, xmlrpc.client
        from supervisor.xmlrpc import SupervisorTransport
        proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=SupervisorTransport(None, None, 'unix://' + sys.argv[1]))
        for i in range(20):
            proxy.supervisor.startProcess('x', False)
            proxy.supervisor.stopProcess('x')
        print(proxy.supervisor.getProcessInfo('x')['statename'])
        """;

    [Fact]
    public void StoppingAProgramRightAfterStartingItNeverLosesTheStopSignal()
    {
        const string config = """
            [program:x]
            command=/bin/sleep 1000
            autostart=false
            stopwaitsecs=30
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("supervisord started with pid");
        var script = run.Dir.Write("race.py", Script);
        // 20 rounds well inside one stopwaitsecs: a lost SIGTERM would cost 30 s and a SIGKILL line.
        var (code, output) = SupervisorRun.Run(Binaries.Python, [script, run.SocketPath], TimeSpan.FromSeconds(25));
        Assert.True(code == 0, output);
        Assert.Equal("STOPPED\n", output);
        var log = run.Log();
        Assert.DoesNotContain(log, l => l.Message.Contains("with SIGKILL", StringComparison.Ordinal));
        Assert.Equal(20, log.Count(l => l.Message.StartsWith("stopped: x ", StringComparison.Ordinal)));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
