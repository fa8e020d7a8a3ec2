using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>The /metrics counters published in the view: spawns, exits by code and by signal, start latency.</summary>
public sealed class CountsTests
{
    [Fact]
    public async Task Spawns_and_exits_are_counted_and_published()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 1, AutoRestart = AutoRestart.True }));
        await rig.Sync();
        await rig.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        var first = ByName.Find(rig.Supervisor, "a")!.Counts;
        Assert.Equal(1, first.Spawns);
        Assert.Equal(0, first.Restarts);
        Assert.True(first.StartLatency >= TimeSpan.FromSeconds(1), $"latency {first.StartLatency}");

        await rig.ExitWith("a", WaitStatus.FromExitCode(3));
        await rig.AdvanceUntil(async () => await rig.State("a") == ProcessState.Running);
        await rig.ExitWith("a", WaitStatus.FromSignal(Signals.KILL));
        await rig.AdvanceUntil(async () => await rig.State("a") == ProcessState.Running);
        await rig.ExitWith("a", WaitStatus.FromExitCode(3));
        await rig.Sync();

        var counts = ByName.Find(rig.Supervisor, "a")!.Counts;
        Assert.Equal(3, counts.Restarts);
        Assert.Equal(4, counts.Spawns);
        Assert.Equal([new KeyValuePair<int, long>(3, 2)], counts.ExitCodes);
        Assert.Equal([new KeyValuePair<int, long>(Signals.KILL, 1)], counts.ExitSignals);
    }
}
