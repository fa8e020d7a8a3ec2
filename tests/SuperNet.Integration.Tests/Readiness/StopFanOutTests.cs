using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>
/// `stop all` and `stop group:*` (stopAllProcesses, stopProcessGroup) take back a start depends_on still holds, as
/// `stop x` does. They left out every process that was not running, so a program waiting for its dependency
/// stayed queued through `stop all` and started on its own once the dependency was started again.
/// </summary>
public sealed class StopFanOutTests
{
    private const string Config = """
        [group:g]
        programs=db,app

        [program:db]
        command={HELPER} signals
        ready=exec:test -f {DIR}/ready
        ready_interval=0.2
        ready_timeout=0
        startsecs=0

        [program:app]
        command={HELPER} signals
        depends_on=db
        startsecs=0
        """;

    [Theory]
    [InlineData("all")]
    [InlineData("g:*")]
    public void A_program_waiting_on_depends_on_is_not_started_after_stop_of_all_or_its_group(string target)
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config);
        run.WaitForLog("not starting app yet: waiting for db to be ready (depends_on)");
        run.WaitForLog("spawned: 'db'");
        var (code, output) = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "stop", target]);
        Assert.Equal(0, code);
        Assert.Contains("g:db: stopped\n", output, StringComparison.Ordinal);
        Assert.Contains("g:app: stopped\n", output, StringComparison.Ordinal);
        Assert.Matches(@"^g:app +STOPPED +Not started\n$", run.Ctl("status", "g:app").Output);

        // db alone is started again and becomes ready; app, stopped by the user, must stay stopped.
        File.WriteAllText(run.Dir.File("ready"), "");
        Assert.Equal((0, "g:db: started\n"), run.Ctl("start", "g:db"));
        Assert.Matches(@"^g:app +STOPPED +Not started\n$", run.Ctl("status", "g:app").Output);
        Assert.Equal(2, run.Log().Count(l => l.Message.StartsWith("spawned: 'db'", StringComparison.Ordinal)));
        Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("spawned: 'app'", StringComparison.Ordinal));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
