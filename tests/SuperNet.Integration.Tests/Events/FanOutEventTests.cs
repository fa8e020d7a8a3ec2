using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// A group or all stop that includes a PROCESS_STATE listener. supervisord signals every process of the call before
/// its loop dispatches a single event, so the listener, already STOPPING, is sent none of the call's events; they
/// wait in the pool's queue for its next run, which gets each once. supernetd used to signal one process per loop
/// pass and dispatch between: the listener was sent STOPPING of a process signalled before it, died holding it, and
/// its next run got that event a second time.
/// </summary>
public sealed class FanOutEventTests
{
    // Each listener's first run records and holds any STOPPING it is sent, ignoring SIGTERM, so one it is sent before
    // being stopped is on record when it dies (SIGKILL after stopwaitsecs) holding it.
    private static string Listener(string file) => ListenerScripts.Command(file, "hold-first PROCESS_STATE_STOPPING");

    [Fact]
    public void StopAllSendsAListenerItStopsNoneOfTheCallsEvents()
    {
        // Stopped in priority order: a, then the listener, then c.
        var config = $"""
            [program:a]
            command={"{HELPER}"} sleep 1000
            priority=1
            startsecs=0

            [eventlistener:listener]
            command={Listener("{DIR}/events.jsonl")}
            events=PROCESS_STATE
            buffer_size=100
            priority=2
            startsecs=0
            stopwaitsecs=1

            [program:c]
            command={"{HELPER}"} sleep 1000
            priority=3
            startsecs=0
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            var file = run.Dir.File("events.jsonl");
            var started = ListenerScripts.WaitFor(run, file, d => d.Is("PROCESS_STATE_RUNNING", "c"), "c RUNNING");
            ListenerScripts.Rpc(run, ["stopAllProcesses"], ["startAllProcesses"]);
            // Anything re-queued goes out before the start's events, so it is in by the time c's RUNNING is.
            ListenerScripts.WaitFor(run, file, d => d.Is("PROCESS_STATE_RUNNING", "c"), "c RUNNING again", from: started + 1);
            return Checked(run, [file], ["a", "listener", "c"]);
        });
        Assert.Equal(oracle, ours);
    }

    [Fact]
    public void StopProcessGroupSendsAPoolItStopsNoneOfTheCallsEvents()
    {
        var config = $"""
            [eventlistener:pool]
            command={Listener("{DIR}/events_%(process_num)s.jsonl")}
            process_name=%(program_name)s_%(process_num)s
            numprocs=2
            events=PROCESS_STATE,REMOTE_COMMUNICATION
            buffer_size=100
            startsecs=0
            stopwaitsecs=1
            """;
        using var runs = new SideBySide(config);
        var (oracle, ours) = OracleFirst.Check(runs, run =>
        {
            string[] files = [run.Dir.File("events_0.jsonl"), run.Dir.File("events_1.jsonl")];
            IReadOnlyList<Delivery> All() => [.. files.SelectMany(ListenerScripts.Deliveries)];
            // STARTING and RUNNING of both.
            Wait.Until(() => All().Count >= 4, $"4 start-up deliveries under {run.Implementation}");
            ListenerScripts.Rpc(run, ["stopProcessGroup", "pool"], ["startProcessGroup", "pool"]);
            // Queued behind anything re-queued, so a second copy of an event is in by the time this one is.
            Wait.Until(() => All().Count(d => d.Is("PROCESS_STATE_RUNNING")) >= 4, $"the pool RUNNING again under {run.Implementation}");
            ListenerScripts.Rpc(run, ["sendRemoteCommEvent", "t", "last"]);
            Wait.Until(() => All().Any(d => d.Payload == "type:t\nlast"), $"the last event under {run.Implementation}");
            return Checked(run, files, ["pool_0", "pool_1"]);
        });
        Assert.Equal(oracle, ours);
    }

    /// <summary>
    /// Every serial delivered exactly once (none lost, none twice), and the stop's and start's state events all
    /// there. Returns what the listeners got, order aside (which exit is reaped first is timing).
    /// </summary>
    private static IReadOnlyList<string> Checked(SupervisorRun run, string[] files, string[] processes)
    {
        var all = files.SelectMany(ListenerScripts.Deliveries).ToList();
        var listing = $"under {run.Implementation}:\n" + string.Join('\n', files.Select(f => $"{Path.GetFileName(f)}:\n  " +
            string.Join("\n  ", ListenerScripts.Deliveries(f))));
        Assert.True(all.Select(d => d.Serial).Order().SequenceEqual(Enumerable.Range(0, all.Count).Select(i => (long)i)),
            $"serials not each delivered once {listing}");
        foreach (var name in processes)
        {
            foreach (var state in new[] { "STOPPING", "STOPPED", "STARTING", "RUNNING" })
            {
                var count = all.Count(d => d.Is("PROCESS_STATE_" + state, name));
                Assert.True(count == (state is "STARTING" or "RUNNING" ? 2 : 1), $"{count} {state} of {name} {listing}");
            }
        }
        return [.. all.Select(d => $"{d.EventName} {d.Payload.Split(' ')[0]}").Order(StringComparer.Ordinal)];
    }
}
