using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>autorestart false/unexpected/true with exitcodes, side by side with supervisord (contract §3.5).</summary>
public sealed class AutorestartTests
{
    // Each program runs past startsecs (so its exit is from RUNNING, never a quick-exit BACKOFF) and exits with K.
    private const string Config = """
        [program:never]
        command=/bin/sh -c 'sleep 1.5; exit 3'
        startsecs=1
        autorestart=false

        [program:expected]
        command=/bin/sh -c 'sleep 1.5; exit 3'
        startsecs=1
        autorestart=unexpected
        exitcodes=0,3

        [program:unexpected]
        command=/bin/sh -c 'sleep 1.5; exit 4'
        startsecs=1
        autorestart=unexpected
        exitcodes=0,3

        [program:always]
        command=/bin/sh -c 'sleep 1.5; exit 0'
        startsecs=1
        autorestart=true
        """;

    [Fact]
    public void EachModeRestartsExactlyAsSupervisord()
    {
        using var runs = new SideBySide(Config);
        // By the third start of the restarting programs, a wrong restart of the others would have shown up.
        runs.WaitForLog("spawned: 'always'", occurrence: 3);
        runs.WaitForLog("spawned: 'unexpected'", occurrence: 3);
        runs.Shutdown();

        foreach (var name in new[] { "never", "expected" })
        {
            runs.AssertSameLifecycle(name);
        }
        Assert.Contains("WARN exited: never (exit status 3; not expected)", Normalize.About(runs.Ours.Log(), "never"));
        Assert.Contains("INFO exited: expected (exit status 3; expected)", Normalize.About(runs.Ours.Log(), "expected"));

        // The restarting ones: the first two cycles must match line for line.
        foreach (var (name, exitLine) in new[]
                 {
                     ("unexpected", "WARN exited: unexpected (exit status 4; not expected)"),
                     ("always", "INFO exited: always (exit status 0; expected)"),
                 })
        {
            var cycle = new[]
            {
                $"INFO spawned: '{name}' with pid N",
                $"INFO success: {name} entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)",
                exitLine,
            };
            foreach (var run in runs.Both)
            {
                var lines = Normalize.About(run.Log(), name);
                Assert.Equal([.. cycle, .. cycle], lines.Take(6).ToArray());
            }
        }
    }
}
