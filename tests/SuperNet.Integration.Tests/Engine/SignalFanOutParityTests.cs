using SuperNet.Integration.Tests.Events;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// signalProcessGroup, signalProcess("g:*"/"g") and signalAllProcesses answer as supervisord 4.2.5 does: one entry per
/// process signallable at that moment (STARTING, RUNNING, STOPPING), in priority order (ties in the group's order),
/// each OK or BAD_SIGNAL; a stopped, exited or fatal member has none. The calls go to both daemons, answers as sent.
/// </summary>
public sealed class SignalFanOutParityTests
{
    private static readonly string Config = $"""
        [program:solo]
        command={"{HELPER}"} signals
        startsecs=0
        priority=5

        [group:g]
        programs=m1,idle,dead,m2

        [program:m1]
        command={"{HELPER}"} signals
        startsecs=0
        priority=2

        [program:idle]
        command={"{HELPER}"} signals
        autostart=false
        priority=1

        [program:dead]
        command=/bin/sh -c "exit 3"
        startsecs=1
        startretries=0
        priority=1

        [program:m2]
        command={"{HELPER}"} signals
        startsecs=0
        priority=1

        [eventlistener:listener]
        command={ListenerScripts.Command("{DIR}/events.jsonl", "ok")}
        events=PROCESS_STATE
        startsecs=0
        """;

    private static readonly string[][] Calls =
    [
        ["signalProcessGroup", "g", "CONT"],
        ["signalProcessGroup", "g", "NOPE"],
        ["signalProcessGroup", "g", "99"],
        ["signalProcess", "g:*", "CONT"],
        ["signalProcess", "g:*", "SIGNOPE"],
        ["signalProcess", "g", "18"],
        ["signalAllProcesses", "CONT"],
        ["signalAllProcesses", "BOGUS"],
        ["signalProcessGroup", "nosuch", "CONT"],
        ["signalProcessGroup", "nosuch", "BOGUS"],
        ["signalProcess", "nosuch:*", "CONT"],
        ["signalProcessGroup", "idle", "CONT"],
    ];

    [Fact]
    public void GroupAndAllSignalsAnswerAsSupervisordDoes()
    {
        using var runs = new SideBySide(Config);
        foreach (var line in new[] { "success: m1 ", "success: m2 ", "success: solo ", "success: listener ", "gave up: dead " })
        {
            runs.WaitForLog(line);
        }
        var (oracle, ours) = OracleFirst.Check(runs, run => RpcAnswers.Of(run, Calls));
        Assert.Equal(Calls.Length, oracle.Count);
        // The oracle's first answer, so a change in the set-up cannot make this compare two empty answers.
        Assert.Equal(
            "[{'name': 'm2', 'group': 'g', 'status': 80, 'description': 'OK'}, {'name': 'm1', 'group': 'g', 'status': 80, 'description': 'OK'}]",
            oracle[0]);
        OracleFirst.AssertSameLines(oracle, ours, "signal answers");
    }
}
