using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Pid1;

/// <summary>Not PID 1: supernetd is a child subreaper, so double-forked orphans are still its to reap.</summary>
public sealed class SubreaperTests
{
    [Fact]
    public void DoubleForkedOrphansAreReapedBySupernetd()
    {
        const string config = """
            [program:forker]
            command={HELPER} orphans 10 0.3
            startsecs=0
            autorestart=false
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("reaped unknown pid ", occurrence: 10);
        Assert.Equal(0, ProcessTree.ZombiesUnder(run.DaemonPid));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
