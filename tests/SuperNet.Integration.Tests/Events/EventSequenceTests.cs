using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// One scripted scenario under both daemons, a childutils listener subscribed to every non-TICK event type:
/// the delivered sequences must be equal once pids are normalised (contract §8.1-§8.2, §9.4).
/// </summary>
public sealed partial class EventSequenceTests
{
    // buffer_size=100: the startup events queue while the listener starts; the default 10 would drop some.
    private static readonly string Config = $$"""
        [eventlistener:listener]
        command={{ListenerScripts.Command("{DIR}/events.jsonl", "ok")}}
        events=PROCESS_STATE,PROCESS_LOG,PROCESS_COMMUNICATION,REMOTE_COMMUNICATION,SUPERVISOR_STATE_CHANGE,PROCESS_GROUP
        buffer_size=100
        startsecs=0

        [program:long]
        command={HELPER} sleep 1000
        autostart=false
        startsecs=0

        [program:quick]
        command={HELPER} exit 1
        autostart=false
        startsecs=10
        startretries=1

        [program:unexpected]
        command={HELPER} sleep 0.5
        autostart=false
        startsecs=0
        exitcodes=1
        autorestart=false

        [program:echo]
        command=/bin/cat
        autostart=false
        startsecs=0
        stdout_events_enabled=true

        [program:comm]
        command=/bin/cat
        autostart=false
        startsecs=0
        stdout_capture_maxbytes=1KB

        ; Both log events and capture mode on stderr: the captured text is also a PROCESS_LOG event.
        [program:errcomm]
        command=/bin/sh -c "exec cat >&2"
        autostart=false
        startsecs=0
        stderr_events_enabled=true
        stderr_capture_maxbytes=1KB

        ; Stopped first at shutdown (highest priority) and slowly (SIGKILL after 1 s): the listener, stopped
        ; last, must still get the shutdown's first events meanwhile.
        [program:stubborn]
        command={HELPER} ignore-term
        autostart=false
        startsecs=0
        stopwaitsecs=1
        priority=1000
        stdout_logfile={DIR}/stubborn.out
        """;

    private static readonly string[] HeaderOrder = ["ver", "server", "serial", "pool", "poolserial", "eventname", "len"];

    [GeneratedRegex(@"\bpid:\d+")]
    private static partial Regex Pid();

    [Fact]
    public void ScenarioDeliversTheSameEventsInTheSameOrder()
    {
        using var runs = new SideBySide(Config);
        var (expected, actual) = OracleFirst.Check(runs, run => CheckedSequence(run, Drive(run)));
        OracleFirst.AssertSameLines(expected, actual, "event sequences");
        Assert.Equal(runs.Oracle.WaitForExit(), runs.Ours.WaitForExit());
    }

    /// <summary>Runs the scenario step by step, each step waiting for its event, and returns every delivery.</summary>
    private static IReadOnlyList<Delivery> Drive(SupervisorRun run)
    {
        var file = run.Dir.File("events.jsonl");
        var at = ListenerScripts.WaitFor(run, file, d => d.Is("PROCESS_STATE_RUNNING", "listener"), "the listener's own RUNNING event");

        void Step(Action action, Func<Delivery, bool> match, string what)
        {
            action();
            at = ListenerScripts.WaitFor(run, file, match, what, at + 1);
        }

        Step(() => run.Ctl("start", "long"), d => d.Is("PROCESS_STATE_RUNNING", "long"), "long RUNNING");
        // supervisorctl reports the spawn error once quick gives up; the FATAL event is what matters.
        Step(() => run.Ctl("start", "quick"), d => d.Is("PROCESS_STATE_FATAL", "quick"), "quick FATAL");
        Step(() => run.Ctl("start", "unexpected"), d => d.Is("PROCESS_STATE_EXITED", "unexpected"), "unexpected EXITED");
        Step(() => run.Ctl("start", "echo"), d => d.Is("PROCESS_STATE_RUNNING", "echo"), "echo RUNNING");
        Step(() => ListenerScripts.Rpc(run, ["sendProcessStdin", "echo", "hello\n"]),
            d => d.Is("PROCESS_LOG_STDOUT"), "echo's PROCESS_LOG_STDOUT");
        Step(() => run.Ctl("start", "comm"), d => d.Is("PROCESS_STATE_RUNNING", "comm"), "comm RUNNING");
        Step(() => ListenerScripts.Rpc(run,
                ["sendProcessStdin", "comm", "before<!--XSUPERVISOR:BEGIN-->captured\ndata<!--XSUPERVISOR:END-->after\n"]),
            d => d.Is("PROCESS_COMMUNICATION_STDOUT"), "comm's PROCESS_COMMUNICATION_STDOUT");
        Step(() => run.Ctl("start", "errcomm"), d => d.Is("PROCESS_STATE_RUNNING", "errcomm"), "errcomm RUNNING");
        Step(() => ListenerScripts.Rpc(run,
                ["sendProcessStdin", "errcomm", "before<!--XSUPERVISOR:BEGIN-->captured on stderr<!--XSUPERVISOR:END-->"]),
            d => d.Is("PROCESS_COMMUNICATION_STDERR"), "errcomm's PROCESS_COMMUNICATION_STDERR");
        Step(() => ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "mytype", "my data\nline2"]),
            d => d.Is("REMOTE_COMMUNICATION"), "REMOTE_COMMUNICATION");
        Step(() => run.Ctl("stop", "long"), d => d.Is("PROCESS_STATE_STOPPED", "long"), "long STOPPED");
        Step(() => ListenerScripts.Rpc(run, ["removeProcessGroup", "long"]),
            d => d.Is("PROCESS_GROUP_REMOVED"), "PROCESS_GROUP_REMOVED");
        Step(() => ListenerScripts.Rpc(run, ["addProcessGroup", "long"]),
            d => d.Is("PROCESS_GROUP_ADDED") && d.Payload == "groupname:long\n", "PROCESS_GROUP_ADDED again");
        Step(() => run.Ctl("start", "stubborn"), d => d.Is("PROCESS_STATE_RUNNING", "stubborn"), "stubborn RUNNING");
        Wait.Until(() => File.Exists(run.Dir.File("stubborn.out")) && File.ReadAllText(run.Dir.File("stubborn.out")).Contains("ready"),
            $"stubborn's TERM handler under {run.Implementation}");
        // supervisord stops one group at a time, the listener (priority -1) last: while stubborn resists
        // SIGTERM for stopwaitsecs, the listener is still there to receive the shutdown's first events.
        // Later ones race the listener's own SIGTERM under both daemons, so the sequence ends here.
        Step(() => run.Signal(15), d => d.Is("PROCESS_STATE_STOPPING", "stubborn"), "stubborn STOPPING at shutdown");
        return ListenerScripts.Deliveries(file).Take(at + 1).ToList();
    }

    /// <summary>Checks one run's envelopes on their own, then returns them as comparable lines.</summary>
    private static List<string> CheckedSequence(SupervisorRun run, IReadOnlyList<Delivery> deliveries)
    {
        var listing = $"under {run.Implementation}:\n{string.Join('\n', deliveries)}";
        for (var i = 0; i < deliveries.Count; i++)
        {
            var d = deliveries[i];
            Assert.True(d.Headers.Keys.SequenceEqual(HeaderOrder), $"header fields of delivery {i} {listing}");
            Assert.True(d.Len == d.Payload.Length, $"len of delivery {i} {listing}");
            // Every event here is accepted by the one pool and none is dropped or redelivered: both counters
            // run from 0 without gaps (contract §8.2).
            Assert.True(d.Serial == i && d.PoolSerial == i, $"serial/poolserial of delivery {i} should be {i} {listing}");
        }
        return deliveries.Select(d =>
            $"ver:{d.Headers["ver"]} server:{d.Headers["server"]} pool:{d.Headers["pool"]} {d.EventName} | " +
            Pid().Replace(d.Payload, "pid:N").ReplaceLineEndings("\\n")).ToList();
    }
}
