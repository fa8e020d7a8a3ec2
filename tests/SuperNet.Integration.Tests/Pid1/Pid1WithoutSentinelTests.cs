using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Pid1;

/// <summary>
/// supernetd as PID 1 where its sentinel child cannot start (ADR 0009): here no /dev/null, which the sentinel
/// needs on its stdin/stdout/stderr. The reaper falls back to looking for orphans once a second, the daemon
/// stays up, and the main log says once why there is no sentinel, and again when one starts after all.
/// </summary>
public sealed class Pid1WithoutSentinelTests
{
    private const string Idle = """
        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        """;

    private const string Missing = "couldn't start the reaper's sentinel child (supernetd --reaper-sentinel): ENOENT; "
        + "trying again every second, and until then an orphan is reaped up to 1 s late while no program runs";

    [Fact]
    public void WithNoDevNullAnOrphanIsStillReapedAndTheLogSaysWhy()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Idle, new RunOptions(AsPid1: true, WithoutDev: true));
        run.WaitForLog("supervisord started with pid 1");
        var warning = run.WaitForLog(Missing);
        Assert.Equal("WARN", warning.Level);
        var daemon = run.DaemonPid;

        // As in Pid1IdleTests: nsenter's background sleep is re-parented to PID 1, which has no child at all now.
        var (exit, output) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon.ToString(), "--pid", "/bin/sh", "-c", "/bin/sleep 0.2 & echo $!"]);
        Assert.Equal(0, exit);
        var orphan = output.Trim();
        Assert.Matches(@"^\d+$", orphan);
        run.WaitForLog($"reaped unknown pid {orphan} (exit status 0)");

        // Retried every second meanwhile, but said once.
        Wait.Throughout(() => run.Log().Count(l => l.Message.StartsWith("couldn't start the reaper's", StringComparison.Ordinal)) is var n && n != 1
            ? $"{n} lines about the missing sentinel" : null, TimeSpan.FromSeconds(2.5));
        var (code, status) = run.Ctl("status");
        Assert.Equal(3, code); // supervisorctl: not every process is running
        Assert.StartsWith("idle ", status, StringComparison.Ordinal);

        // Once /dev/null exists the next attempt starts a sentinel, and the log says that too.
        (exit, output) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon.ToString(), "--mount", "/bin/mknod", "/dev/null", "c", "1", "3"]);
        Assert.True(exit == 0, output);
        Assert.Equal("INFO", run.WaitForLog("the reaper's sentinel child started; orphans are reaped at once again").Level);
        Wait.Until(() => ProcessTree.Descendants(daemon).Any(p => ProcessTree.CommandLine(p) is [_, "--reaper-sentinel"]), "a sentinel child");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
