using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// The container idiom: a listener that SIGTERMs its parent on PROCESS_STATE_FATAL, so one dead program
/// takes the container down; the daemon must stop everything else in priority order and exit 0.
/// </summary>
public sealed class FatalKillTests
{
    private static readonly string Config = $$"""
        [eventlistener:crash]
        command={{ListenerScripts.Command("{DIR}/events.jsonl", "fatal-kill")}}
        events=PROCESS_STATE_FATAL
        startsecs=0

        [program:doomed]
        command={HELPER} exit 1
        startsecs=10
        startretries=0
        priority=50

        [program:a]
        command={HELPER} sleep 1000
        startsecs=0
        priority=100

        [program:c]
        command={HELPER} sleep 1000
        startsecs=0
        priority=300

        [program:b]
        command={HELPER} sleep 1000
        startsecs=0
        priority=200
        """;

    private static readonly string[] StopOrder = ["c", "b", "a", "crash"];

    private static List<string> Stopped(SupervisorRun run) =>
        run.Log().Where(l => l.Message.StartsWith("stopped: ", StringComparison.Ordinal)).Select(l => l.Message.Split(' ')[1]).ToList();

    private static List<string> ExitAndStopOrder(SupervisorRun run)
    {
        var code = run.WaitForExit();
        var events = ListenerScripts.Deliveries(run.Dir.File("events.jsonl"));
        Assert.True(events.Count == 1 && events[0].Is("PROCESS_STATE_FATAL", "doomed"),
            $"deliveries under {run.Implementation}:\n{string.Join('\n', events)}");
        Assert.True(code == 0, $"{run.Implementation} exited {code}\n{run.Diagnostics()}");
        var stopped = Stopped(run);
        Assert.True(stopped.SequenceEqual(StopOrder), $"stop order under {run.Implementation}: {string.Join(' ', stopped)}\n{run.Diagnostics()}");
        return stopped;
    }

    [Fact]
    public void FatalProgramStopsTheDaemonInPriorityOrder()
    {
        using var runs = new SideBySide(Config);
        var (oracle, ours) = OracleFirst.Check(runs, ExitAndStopOrder);
        OracleFirst.AssertSameLines(oracle, ours, "stop orders");
    }

    [Fact]
    public void FatalProgramStopsTheDaemonAsPid1()
    {
        // getppid() is 1 inside the namespace: PID 1 gets the signal only through a handler it installed.
        using var runs = new SideBySide(Config, new RunOptions(AsPid1: true));
        var (oracle, ours) = OracleFirst.Check(runs, ExitAndStopOrder);
        OracleFirst.AssertSameLines(oracle, ours, "stop orders");
    }
}
