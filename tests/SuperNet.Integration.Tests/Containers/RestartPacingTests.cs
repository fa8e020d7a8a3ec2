using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>Crash loops at supervisord's pace, and the opt-in backoff delays, on real processes.</summary>
public sealed class RestartPacingTests
{
    [Fact]
    public void A_quick_exit_program_restarts_about_once_a_second_like_supervisord()
    {
        const string Config = """
            [program:quick]
            command=/bin/true
            startsecs=0
            autorestart=true
            stdout_logfile=NONE
            stderr_logfile=NONE
            """;
        using var runs = new SideBySide(Config);
        runs.WaitForLog("spawned: 'quick'", occurrence: 7, timeout: TimeSpan.FromSeconds(40));
        // Without the extension keys getProcessInfo has supervisord's members only.
        var members = ProcessInfo.Get(runs.Ours.SocketPath, "quick").EnumerateObject().Select(m => m.Name).Order();
        Assert.Equal(ProcessInfo.Get(runs.Oracle.SocketPath, "quick").EnumerateObject().Select(m => m.Name).Order(), members);
        runs.Shutdown();
        foreach (var run in runs.Both)
        {
            var spawns = run.Log().Where(l => l.Message.StartsWith("spawned: 'quick'", StringComparison.Ordinal)).Select(l => l.Time).ToList();
            var window = spawns.Where(t => t < spawns[0].AddSeconds(5)).Count();
            // About one a second: five in five seconds; a loaded machine only makes ours slower. supervisord's
            // 1 s poll is cut short by every other event (a reap, a log write), so it has been seen at 7.
            var most = run.Implementation == Implementation.SuperNet ? 6 : 9;
            Assert.True(window >= 3 && window <= most, $"{run.Implementation}: {window} spawns in 5 s\n{run.Diagnostics()}");
        }
        // supervisord's pace is its 1 s poll, which other events cut short; ours is a floor of 1 s between spawns
        // (the log line follows its spawn by however long posix_spawn took, which varies by tenths of a second on a
        // loaded machine, so the gap between log lines is held to half the floor: still far from a crash loop).
        var ours = runs.Ours.Log().Where(l => l.Message.StartsWith("spawned: 'quick'", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        Assert.All(ours.Zip(ours.Skip(1), (a, b) => (b - a).TotalSeconds), g => Assert.True(g >= 0.5, $"respawned after {g:0.000} s"));
        // The same lines, cycle after cycle. supervisord logs "success" from its next pass, so a /bin/true it
        // reaps first goes to EXITED without that line (its finish() moves STARTING to RUNNING silently); ours
        // runs that pass at once after the spawn, so it always logs it.
        const string Success = "INFO success: quick entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)";
        string[] cycle = ["INFO spawned: 'quick' with pid N", Success, "INFO exited: quick (exit status 0; expected)"];
        Assert.Equal([.. cycle, .. cycle, .. cycle], Normalize.About(runs.Ours.Log(), "quick").Take(9).ToArray());
        Assert.Equal([.. cycle.Where(l => l != Success), .. cycle.Where(l => l != Success)],
            Normalize.About(runs.Oracle.Log(), "quick").Where(l => l != Success).Take(4).ToArray());
    }

    [Fact]
    public void Exponential_backoff_delays_stay_within_their_jitter_and_start_over_after_stable_uptime()
    {
        const string Config = """
            [program:crash]
            command=/bin/sh -c 'exit 1'
            startsecs=0
            autorestart=true
            backoff=exponential
            backoff_initial=0.5
            backoff_max=4
            backoff_jitter=0.2
            stdout_logfile=NONE
            stderr_logfile=NONE

            [program:stable]
            command=/bin/sh -c 'sleep 1.2; exit 1'
            startsecs=0
            autorestart=true
            backoff=exponential
            backoff_initial=0.5
            backoff_reset=1
            stdout_logfile=NONE
            stderr_logfile=NONE
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config);
        run.WaitForLog("spawned: 'crash'", occurrence: 6, timeout: TimeSpan.FromSeconds(60));
        run.WaitForLog("spawned: 'stable'", occurrence: 4, timeout: TimeSpan.FromSeconds(60));
        var status = run.Ctl("status", "crash");
        var info = ProcessInfo.Get(run.SocketPath, "crash");
        if (info.GetProperty("statename").GetString() == "BACKOFF")
            Assert.InRange(info.GetProperty("backoff_delay").GetDouble(), 0.4, 4.8);
        run.Signal(15);
        run.WaitForExit();

        var log = run.Log();
        var exits = log.Where(l => l.Message.StartsWith("exited: crash", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        var spawns = log.Where(l => l.Message.StartsWith("spawned: 'crash'", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        double[] nominal = [0.5, 1, 2, 4, 4];
        for (int i = 0; i < nominal.Length; i++)
        {
            var waited = (spawns[i + 1] - exits[i]).TotalSeconds;
            // Never sooner than the jitter allows (log stamps are to the millisecond); later only by load.
            Assert.True(waited >= nominal[i] * 0.8 - 0.01 && waited <= nominal[i] * 1.2 + 1.5,
                $"restart {i + 1} waited {waited:0.000} s, nominal {nominal[i]} s ±20 %\n{run.Diagnostics()}");
        }
        // Each exit of 'stable' came after more than backoff_reset of uptime: every wait is the initial one.
        var stableExits = log.Where(l => l.Message.StartsWith("exited: stable", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        var stableSpawns = log.Where(l => l.Message.StartsWith("spawned: 'stable'", StringComparison.Ordinal)).Select(l => l.Time).ToList();
        for (int i = 0; i < 3; i++)
        {
            var waited = (stableSpawns[i + 1] - stableExits[i]).TotalSeconds;
            Assert.True(waited is >= 0.49 and <= 2.0, $"stable restart {i + 1} waited {waited:0.000} s\n{run.Diagnostics()}");
        }
        Assert.Matches(@"crash\s+(BACKOFF\s+(Bad exit code 1; )?restarting in \d+\.\d s|STARTING|RUNNING)", status.Output);
    }
}
