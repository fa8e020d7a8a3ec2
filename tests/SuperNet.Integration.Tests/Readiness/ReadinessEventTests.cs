using SuperNet.Integration.Tests.Events;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>Listeners hear readiness as REMOTE_COMMUNICATION events, a type supervisord's config accepts.</summary>
public sealed class ReadinessEventTests
{
    [Fact]
    public void A_listener_hears_ready_and_not_ready()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, $$"""
            [eventlistener:ears]
            command={{ListenerScripts.Command("{DIR}/events.jsonl", "ok")}}
            events=REMOTE_COMMUNICATION

            [program:db]
            command={HELPER} notify 0.5
            ready=notify
            startsecs=0
            """);
        var file = run.Dir.File("events.jsonl");
        var ready = ListenerScripts.WaitFor(run, file, d => d.Payload.StartsWith("type:supernet:process_ready\n", StringComparison.Ordinal), "the ready event");
        Assert.Matches(@"^type:supernet:process_ready\nprocessname:db groupname:db pid:\d+ ready:1$", ListenerScripts.Deliveries(file)[ready].Payload);
        Assert.Equal(0, run.Ctl("stop", "db").ExitCode);
        var notReady = ListenerScripts.WaitFor(run, file, d => d.Payload.StartsWith("type:supernet:process_not_ready\n", StringComparison.Ordinal), "the not-ready event");
        Assert.Matches(@"^type:supernet:process_not_ready\nprocessname:db groupname:db pid:\d+ ready:0$", ListenerScripts.Deliveries(file)[notReady].Payload);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
