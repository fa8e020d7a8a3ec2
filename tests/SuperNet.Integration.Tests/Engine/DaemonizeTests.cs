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

    [Fact]
    public void ASecondDaemonOnTheSameSocketFailsOnTheCallersTerminalWithExit2LikeSupervisord()
    {
        // supervisord binds its sockets before it forks, so this error is the caller's, on its stderr with
        // status 2. A detached daemon that failed after the caller had exited 0 left init scripts and
        // `supervisord -c x.conf || ...` believing it had started.
        using var dir = new TempDir();
        var config = dir.Write("supervisord.conf", $"""
            [unix_http_server]
            file={dir.File("sv.sock")}
            [supervisord]
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            """);
        Assert.Equal(0, SupervisorRun.Run(Binaries.Supernetd, ["-c", config]).ExitCode);
        var pid = 0;
        Wait.Until(() => File.Exists(dir.File("sv.pid")) && int.TryParse(File.ReadAllText(dir.File("sv.pid")).Trim(), out pid), "the first daemon's pidfile");
        try
        {
            var (theirCode, theirs) = SupervisorRun.Run(Binaries.Supervisord, ["-c", config]);
            var (ourCode, ours) = SupervisorRun.Run(Binaries.Supernetd, ["-c", config]);

            Assert.Equal(2, theirCode);
            Assert.StartsWith("Error: Another program is already listening", theirs, StringComparison.Ordinal);
            Assert.Equal((theirCode, theirs.Replace(Binaries.Supervisord, "PROGRAM")), (ourCode, ours.Replace(Binaries.Supernetd, "PROGRAM")));
        }
        finally
        {
            Native.kill(pid, 15);
        }
        Wait.Until(() => ProcessTree.Stat(pid) is null or { State: 'Z' }, "the first daemon to exit");
    }
}
