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

        var log = runs.Ours.Log();
        var spawns = log.Where(l => l.Message.StartsWith("spawned: 'quick'", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        var exits = log.Where(l => l.Message.StartsWith("exited: quick", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        Assert.Equal(4, spawns.Count);
        Assert.Equal(4, exits.Count);
        // The n-th wait runs from the exit before it and lasts n seconds; never shorter, and a loaded machine
        // may only make it later (50 ms allows for the log stamps and the clock the timer uses).
        for (var n = 1; n <= 3; n++)
        {
            var waited = (spawns[n] - exits[n - 1]).TotalSeconds;
            Assert.InRange(waited, n - 0.05, n + 2.0);
        }
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
