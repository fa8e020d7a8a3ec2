using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>Without -n supernetd detaches like supervisord: the caller gets exit 0, the daemon writes its pidfile.</summary>
public sealed class DaemonizeTests
{
    [Fact]
    public void WithoutNodaemonTheParentExitsZeroAndTheDaemonRunsOn()
    {
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}

            [program:bg]
            command={Binaries.Helper} signals
            startsecs=0
            """);
        var (code, output) = SupervisorRun.Run(Binaries.Supernetd, ["-c", config]);
        Assert.Equal(0, code);
        Assert.Equal("", output);

        var pid = 0;
        Wait.Until(() => File.Exists(dir.File("sv.pid")) && int.TryParse(File.ReadAllText(dir.File("sv.pid")).Trim(), out pid), "the pidfile");
        try
        {
            Wait.Until(() => File.Exists(dir.File("main.log")) && File.ReadAllText(dir.File("main.log")).Contains("success: bg "), "bg running");
            var log = File.ReadAllText(dir.File("main.log"));
            Assert.Contains("daemonizing the supervisord process", log);
            Assert.Contains($"supervisord started with pid {pid}", log);
            // A new session: the daemon leads it, so a terminal hangup of the caller does not reach it.
            Assert.Equal(pid, ProcessTree.SessionId(pid));
        }
        finally
        {
            Native.kill(pid, 15);
        }
        Wait.Until(() => ProcessTree.Stat(pid) is null or { State: 'Z' }, "the daemon to exit");
        Assert.False(File.Exists(dir.File("sv.pid")));
    }
}
