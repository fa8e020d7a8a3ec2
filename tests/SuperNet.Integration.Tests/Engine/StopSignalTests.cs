using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>Each stopsignal reaches the child; stopwaitsecs expiry then SIGKILL (contract §3.6).</summary>
public sealed class StopSignalTests
{
    private static readonly string[] Names = ["TERM", "INT", "HUP", "QUIT", "USR1", "USR2", "KILL"];

    // One group, so shutdown signals them all at once; stopwaitsecs=3 leaves supervisord's 1 s loop room to
    // reap a TERMed helper before its deadline (it reaps lazily and would otherwise SIGKILL a dead process).
    private static string Config() => "[group:sigs]\nprograms=" + string.Join(',', Names.Select(s => "sig" + s.ToLowerInvariant())) +
        "\n\n" + string.Join("\n", Names.Select(s => $"""
        [program:sig{s.ToLowerInvariant()}]
        command={"{HELPER}"} signals
        stopsignal={s}
        stopwaitsecs=3
        startsecs=0
        stdout_logfile={"{DIR}"}/sig{s.ToLowerInvariant()}.out

        """));

    [Fact]
    public void EveryStopsignalIsSeenByTheChildAndLoggedAsSupervisordDoes()
    {
        using var runs = new SideBySide(Config());
        foreach (var s in Names)
        {
            runs.WaitForLog($"success: sig{s.ToLowerInvariant()} ");
            foreach (var run in runs.Both)
            {
                // The helper says "ready" once its handlers are in place: only then is a stop meaningful.
                Wait.Until(() => File.Exists(run.Dir.File($"sig{s.ToLowerInvariant()}.out")) &&
                                 File.ReadAllText(run.Dir.File($"sig{s.ToLowerInvariant()}.out")).Contains("ready"),
                    $"sig{s.ToLowerInvariant()} ready under {run.Implementation}");
            }
        }
        Assert.Equal((0, 0), runs.Shutdown());

        foreach (var s in Names)
        {
            var name = $"sig{s.ToLowerInvariant()}";
            runs.AssertSameLifecycle(name);
            if (s != "KILL")
            {
                Assert.Contains($"got SIG{s}", File.ReadAllText(runs.Ours.Dir.File(name + ".out")));
            }
        }
        // Only TERM ends the helper: every other catchable signal runs into stopwaitsecs and SIGKILL.
        var usr1 = Normalize.About(runs.Ours.Log(), "sigusr1");
        Assert.Contains("WARN killing 'sigusr1' (N) with SIGKILL", usr1);
        Assert.Contains("WARN stopped: sigusr1 (terminated by SIGKILL)", usr1);
        Assert.Contains("INFO stopped: sigterm (exit status 0)", Normalize.About(runs.Ours.Log(), "sigterm"));
        Assert.Contains("WARN stopped: sigkill (terminated by SIGKILL)", Normalize.About(runs.Ours.Log(), "sigkill"));
    }

    [Fact]
    public void StopasgroupReachesGrandchildren()
    {
        const string config = """
            [program:family]
            command={HELPER} grandchildren 3
            startsecs=0
            stopasgroup=true
            stdout_logfile={DIR}/family.out
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        var line = Wait.For(() => File.Exists(run.Dir.File("family.out"))
                ? File.ReadAllLines(run.Dir.File("family.out")).FirstOrDefault(l => l.StartsWith("grandchildren ", StringComparison.Ordinal))
                : null, "the grandchildren's pids");
        var pids = line.Split(' ').Skip(1).Select(int.Parse).ToList();
        Assert.Equal(3, pids.Count);
        Assert.All(pids, p => Assert.NotNull(ProcessTree.Stat(p)));

        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Wait.Until(() => pids.All(p => ProcessTree.Stat(p) is null or { State: 'Z' }), "every grandchild gone");
    }
}
