using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>The READY / RESULT protocol's unhappy paths: a FAIL result, a listener dying busy, a garbage result line (contract §8.3).</summary>
public sealed class ListenerProtocolTests
{
    [Fact]
    public void RejectedEventIsRedeliveredWithTheSameSerials()
    {
        var config = $"""
            [eventlistener:listener]
            command={ListenerScripts.Command("{DIR}/events.jsonl", "fail-first 1")}
            events=REMOTE_COMMUNICATION
            startsecs=0
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            var file = run.Dir.File("events.jsonl");
            run.WaitForLog("success: listener ");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "first"]);
            var two = ListenerScripts.WaitForCount(run, file, 2);
            var listing = $"under {run.Implementation}:\n{string.Join('\n', two)}";
            Assert.True(two[0].ToString() == two[1].ToString(), $"the redelivery differs {listing}");
            Assert.True(two[0].Payload == "type:t\nfirst" && two[0].Serial == 0 && two[0].PoolSerial == 0, listing);
            run.WaitForLog("listener: event was rejected");

            // A rejection consumes no serial: the next event is number 1 in both counters.
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "second"]);
            var third = ListenerScripts.WaitForCount(run, file, 3)[2];
            Assert.True(third.Payload == "type:t\nsecond" && third.Serial == 1 && third.PoolSerial == 1, $"{third} under {run.Implementation}");
            return OracleFirst.LogAbout(run, "listener");
        });
        Assert.Contains("WARN listener: event was rejected", oracle);
        OracleFirst.AssertSameLines(oracle, ours, "main-log lines about the listener");
    }

    [Fact]
    public void EventOfAListenerThatDiesBusyGoesToItsSuccessor()
    {
        var config = $"""
            [eventlistener:listener]
            command={ListenerScripts.Command("{DIR}/events.jsonl", "exit-first")}
            events=REMOTE_COMMUNICATION
            startsecs=0
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            run.WaitForLog("success: listener ");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "first"]);
            var two = ListenerScripts.WaitForCount(run, run.Dir.File("events.jsonl"), 2);
            Assert.True(two[0].ToString() == two[1].ToString() && two[0].Serial == 0,
                $"the redelivery under {run.Implementation}:\n{string.Join('\n', two)}");
            run.WaitForLog("success: listener ", occurrence: 2);
            return OracleFirst.LogAbout(run, "listener");
        });
        Assert.Contains("WARN exited: listener (exit status 1; not expected)", oracle);
        OracleFirst.AssertSameLines(oracle, ours, "main-log lines about the listener");
    }

    [Fact]
    public void A_result_length_past_two_to_the_31_is_waited_for_as_any_other()
    {
        // The listener dies before its 3 GB answer is complete: BUSY until then, its event goes to its successor.
        var config = $"""
            [eventlistener:listener]
            command={ListenerScripts.Command("{DIR}/events.jsonl", "huge-first")}
            events=REMOTE_COMMUNICATION
            startsecs=0
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            run.WaitForLog("success: listener ");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "first"]);
            var two = ListenerScripts.WaitForCount(run, run.Dir.File("events.jsonl"), 2);
            Assert.True(two[0].ToString() == two[1].ToString() && two[0].Serial == 0,
                $"the redelivery under {run.Implementation}:\n{string.Join('\n', two)}");
            run.WaitForLog("success: listener ", occurrence: 2);
            return OracleFirst.LogAbout(run, "listener");
        });
        Assert.Contains("WARN exited: listener (exit status 1; not expected)", oracle);
        Assert.DoesNotContain(oracle, l => l.Contains("bad result line", StringComparison.Ordinal));
        OracleFirst.AssertSameLines(oracle, ours, "main-log lines about the listener");
    }

    [Fact]
    public void A_listener_holding_part_of_a_3_GB_result_stays_busy_and_the_daemon_answers()
    {
        var config = $"""
            [eventlistener:listener]
            command={ListenerScripts.Command("{DIR}/events.jsonl", "huge-hold")}
            events=REMOTE_COMMUNICATION
            startsecs=0
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            run.WaitForLog("success: listener ");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "first"]);
            ListenerScripts.WaitForCount(run, run.Dir.File("events.jsonl"), 1);
            // The next event waits in the pool: its only listener is BUSY with the first.
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "second"]);
            var status = run.Ctl("status", "listener");
            Assert.True(status.ExitCode == 0 && status.Output.Contains("RUNNING", StringComparison.Ordinal),
                $"status under {run.Implementation}: {status.ExitCode} {status.Output}");
            Assert.Single(ListenerScripts.Lines(run.Dir.File("events.jsonl")));
            return OracleFirst.LogAbout(run, "listener");
        });
        Assert.DoesNotContain(oracle, l => l.Contains("listener: event was", StringComparison.Ordinal) || l.Contains("UNKNOWN", StringComparison.Ordinal));
        OracleFirst.AssertSameLines(oracle, ours, "main-log lines about the listener");
        Assert.Equal((0, 0), runs.Shutdown());
    }

    [Fact]
    public void GarbageResultPutsTheListenerInUnknownForGood()
    {
        // The witness pool proves later events were dispatched; its different priority keeps upstream's
        // priority-based rejection quirk (contract §8.4) from re-queueing bad's rejected event in it.
        var config = $"""
            [eventlistener:bad]
            command={ListenerScripts.Command("{DIR}/bad.jsonl", "garbage")}
            events=REMOTE_COMMUNICATION
            startsecs=0
            priority=10

            [eventlistener:witness]
            command={ListenerScripts.Command("{DIR}/witness.jsonl", "ok")}
            events=REMOTE_COMMUNICATION
            startsecs=0
            priority=20
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            var bad = run.Dir.File("bad.jsonl");
            run.WaitForLog("success: bad ");
            run.WaitForLog("success: witness ");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "one"]);
            run.WaitForLog("bad: has entered the UNKNOWN state");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "two"], ["sendRemoteCommEvent", "t", "three"]);
            ListenerScripts.WaitForCount(run, run.Dir.File("witness.jsonl"), 3);

            var lines = ListenerScripts.Lines(bad).Select(l => l.ToString()).ToList();
            Assert.True(lines.Count == 2 && lines[0].Contains("type:t\\none", StringComparison.Ordinal) && lines[1] == """{"garbage": "result"}""",
                $"bad's deliveries under {run.Implementation}:\n{string.Join('\n', lines)}");
            var status = run.Ctl("status", "bad").Output;
            Assert.True(status.Contains("RUNNING", StringComparison.Ordinal), $"bad is not RUNNING under {run.Implementation}: {status}");
            return OracleFirst.LogAbout(run, "bad");
        });
        Assert.Contains("WARN bad: bad result line: 'NOT A RESULT LINE'", oracle);
        Assert.Contains("WARN bad: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol", oracle);
        OracleFirst.AssertSameLines(oracle, ours, "main-log lines about the garbage listener");
    }
}
