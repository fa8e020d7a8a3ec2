using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>numprocs naming and priority order at start-up and shutdown (contract §3.7, §4.8).</summary>
public sealed class OrderingTests
{
    private const string Config = """
        [program:late]
        command={HELPER} signals
        priority=300
        startsecs=0

        [program:web]
        command={HELPER} signals
        process_name=%(program_name)s_%(process_num)02d
        numprocs=3
        numprocs_start=5
        priority=100
        startsecs=0

        [program:early]
        command={HELPER} signals
        priority=1
        startsecs=0

        [group:mixed]
        programs=early
        priority=200
        """;

    private static List<string> Spawned(SupervisorRun run) =>
        run.Log().Where(l => l.Message.StartsWith("spawned: ", StringComparison.Ordinal)).Select(Normalize.Line).ToList();

    private static List<string> Stopped(SupervisorRun run) =>
        run.Log().Where(l => l.Message.StartsWith("stopped: ", StringComparison.Ordinal)).Select(l => l.Message.Split(' ')[1]).ToList();

    [Fact]
    public void NumprocsNamesAndPriorityOrderMatchSupervisord()
    {
        using var runs = new SideBySide(Config);
        runs.WaitForLog("success: late ");
        Assert.Equal(
            [
                "INFO spawned: 'web_05' with pid N",
                "INFO spawned: 'web_06' with pid N",
                "INFO spawned: 'web_07' with pid N",
                "INFO spawned: 'early' with pid N",
                "INFO spawned: 'late' with pid N",
            ],
            Spawned(runs.Ours));
        Assert.Equal(Spawned(runs.Oracle), Spawned(runs.Ours));

        Assert.Equal((0, 0), runs.Shutdown());
        // Shutdown goes group by group in descending group priority: late (300), mixed (200), web (100).
        var stopped = Stopped(runs.Ours);
        Assert.Equal(["late", "early"], stopped.Take(2));
        Assert.Equal(new[] { "web_05", "web_06", "web_07" }, stopped.Skip(2).Order());
        Assert.Equal(Stopped(runs.Oracle).Take(2), stopped.Take(2));
    }
}
