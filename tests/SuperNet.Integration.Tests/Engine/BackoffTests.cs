using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>startsecs, startretries and the 1, 2, 3 s backoff (contract §3.4, traps 2-3).</summary>
public sealed class BackoffTests
{
    [Fact]
    public void QuickExitGoesFatalAfterAttemptsAtZeroOneThreeSix()
    {
        // startsecs=10 keeps supervisord's lazy reaping (trap 34) from turning a quick exit into RUNNING.
        const string config = """
            [program:quick]
            command={HELPER} exit 1
            startsecs=10
            startretries=3
            """;
        using var runs = new SideBySide(config);
        runs.WaitForLog("gave up: quick");
        runs.AssertSameLifecycle("quick");

        var spawns = runs.Ours.Log().Where(l => l.Message.StartsWith("spawned: 'quick'", StringComparison.Ordinal))
            .Select(l => l.Time).ToList();
        Assert.Equal(4, spawns.Count);
        var offsets = spawns.Select(t => (t - spawns[0]).TotalSeconds).ToArray();
        // supernetd times backoff precisely (no 1 s loop); 0.3 s covers a loaded 2-core machine.
        Assert.Equal(new[] { 0.0, 1.0, 3.0, 6.0 }, offsets, (a, b) => Math.Abs(a - b) < 0.3);
        Assert.Equal(["INFO spawned: 'quick' with pid N", "WARN exited: quick (exit status 1; not expected)"],
            Normalize.About(runs.Ours.Log(), "quick").Take(2));
        Assert.Equal("INFO gave up: quick entered FATAL state, too many start retries too quickly",
            Normalize.About(runs.Ours.Log(), "quick")[^1]);
        Assert.Equal((0, 0), runs.Shutdown());
    }

    [Fact]
    public void ZeroStartsecsOneShotIsRunningThenExitedNotBackoff()
    {
        const string config = """
            [program:once]
            command={HELPER} exit 0
            startsecs=0
            autorestart=false
            """;
        // supervisord may reap such a fast exit in the same loop pass as the spawn and then skips the
        // "success:" line (trap 34); supernetd's RUNNING transition always precedes the exit it reaps.
        using var runs = new SideBySide(config);
        runs.WaitForLog("exited: once");
        Assert.Contains("INFO exited: once (exit status 0; expected)", Normalize.About(runs.Oracle.Log(), "once"));
        Assert.Equal(
            [
                "INFO spawned: 'once' with pid N",
                "INFO success: once entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
                "INFO exited: once (exit status 0; expected)",
            ],
            Normalize.About(runs.Ours.Log(), "once"));
        runs.Shutdown();
    }
}
