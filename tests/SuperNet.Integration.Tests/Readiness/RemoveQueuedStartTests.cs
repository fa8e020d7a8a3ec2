using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>
/// `remove x` (removeProcessGroup) while a `start x` waits for x's dependency: x is STOPPED, so the removal is
/// allowed, and the waiting start must be answered. It never was: the client hung until the daemon ended.
/// </summary>
public sealed class RemoveQueuedStartTests
{
    [Fact]
    public void A_start_waiting_on_depends_on_is_answered_when_its_program_is_removed()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command={HELPER} signals
            ready=exec:false
            ready_interval=0.2
            ready_timeout=0
            startsecs=0

            [program:app]
            command={HELPER} signals
            depends_on=db
            autostart=false
            startsecs=0
            """);
        run.WaitForLog("spawned: 'db'");
        var start = Task.Run(() => SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "start", "app"]));
        run.WaitForLog("not starting app yet: waiting for db to be ready (depends_on)");
        Assert.Equal((0, "app: removed process group\n"), run.Ctl("remove", "app"));
        Assert.Equal((7, "app: ERROR (abnormal termination)\n"), start.GetAwaiter().GetResult());
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
