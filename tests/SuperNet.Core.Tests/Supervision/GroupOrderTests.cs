using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// A group's own order (its config order) drives autostart and the shutdown report; the explicit sorts are stable
/// and by priority alone, and shutdown reverses the whole sorted list (issue 13). Group commands, which the Rpc
/// layer fans out, are covered by FanOutTests.
/// </summary>
public sealed class GroupOrderTests
{
    private static ProcessConfig Quick(string name, int priority = 999) => Rig.Program(name, priority: priority) with { StartSecs = 0 };

    private static string Spawned(SpawnRequest request) =>
        request.Environment.Single(e => e.StartsWith("SUPERVISOR_PROCESS_NAME=", StringComparison.Ordinal)).Split('=')[1];

    private static GroupConfig Mixed() => Rig.Group("g", 999, Quick("zeta"), Quick("alpha"), Quick("mid", 1), Quick("beta"));

    [Fact]
    public async Task Autostart_walks_the_group_in_config_order_not_by_priority_or_name()
    {
        await using var rig = new Rig(Mixed());
        await rig.Sync();
        Assert.Equal(["zeta", "alpha", "mid", "beta"], rig.Spawner.Requests.Select(Spawned));
    }

    [Fact]
    public async Task ByPriority_is_a_stable_sort_on_priority_alone()
    {
        await using var rig = new Rig(Mixed());
        var names = await rig.Supervisor.InvokeAsync(() => rig.Supervisor.Groups[0].ByPriority.Select(p => p.Name).ToList());
        Assert.Equal(["mid", "zeta", "alpha", "beta"], names);
    }

    [Fact]
    public async Task Shutdown_reverses_the_sorted_list_and_reports_in_group_order()
    {
        await using var rig = new Rig(Mixed());
        await rig.Sync();
        await rig.Signal(Signals.TERM);
        // Sorted: mid, zeta, alpha, beta; reversed: beta, alpha, zeta, mid.
        Assert.Equal([103, 101, 100, 102], rig.Signaller.Sent.Select(s => s.Pid));
        Assert.Equal(["INFO waiting for zeta, alpha, mid, beta to die"], rig.Log.Matching("waiting for"));
    }
}
