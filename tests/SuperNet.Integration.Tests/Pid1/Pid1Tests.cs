using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Pid1;

/// <summary>supernetd as PID 1 of a new PID namespace (unshare --pid --fork --mount-proc), as in a container.</summary>
public sealed class Pid1Tests
{
    [Fact]
    public void HundredOrphansLeaveNoZombie()
    {
        const string config = """
            [program:parent]
            command={HELPER} orphans 100 0.3
            startsecs=0
            autorestart=false
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(AsPid1: true));
        run.WaitForLog("exited: parent ");
        run.WaitForLog("reaped unknown pid ", occurrence: 100);
        Assert.Equal("supervisord started with pid 1", run.Log().First(l => l.Message.StartsWith("supervisord started", StringComparison.Ordinal)).Message);
        Wait.Until(() => ProcessTree.ZombiesUnder(run.DaemonPid) == 0, "no zombie under supernetd");
        Assert.All(run.Log().Where(l => l.Message.StartsWith("reaped unknown pid", StringComparison.Ordinal)),
            l => Assert.Matches(@"^reaped unknown pid \d+ \(exit status 0\)$", l.Message));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    public static TheoryData<bool> Terminals => new() { false, true };

    [Theory]
    [MemberData(nameof(Terminals))]
    public void HundredConcurrentChildrenGetTheirExactStatus(bool withTty)
    {
        // Programs 0..99: even ones exit with their number, odd ones kill themselves with a signal.
        int[] signals = [1, 2, 3, 6, 9, 10, 12, 13, 14, 15];
        var sections = Enumerable.Range(0, 100).Select(i => i % 2 == 0
            ? $"[program:c{i:D2}]\ncommand=/bin/sh -c 'sleep 0.5; exit {i}'\nstartsecs=0\nautorestart=false\n"
            : $"[program:c{i:D2}]\ncommand=/bin/sh -c 'sleep 0.5; kill -{signals[i % 10]} $$'\nstartsecs=0\nautorestart=false\n");
        using var run = SupervisorRun.Start(Implementation.SuperNet, string.Join("\n", sections),
            new RunOptions(AsPid1: true, WithTty: withTty));
        Wait.Until(() => run.Log().Count(l => l.Message.StartsWith("exited: ", StringComparison.Ordinal)) == 100,
            "100 exits");
        var exits = run.Log().Where(l => l.Message.StartsWith("exited: ", StringComparison.Ordinal))
            .ToDictionary(l => l.Message.Split(' ')[1], l => l.Message);
        for (var i = 0; i < 100; i++)
        {
            var name = $"c{i:D2}";
            var expected = i % 2 == 0
                ? $"exited: {name} (exit status {i}; {(i == 0 ? "expected" : "not expected")})"
                : $"exited: {name} (terminated by {SignalName(signals[i % 10])}; not expected)";
            Assert.Equal(expected, exits[name]);
        }
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void SigtermStopsEveryProgramWithItsStopsignalThenExitsZero()
    {
        var body = string.Join("\n", new[] { ("a", "TERM"), ("b", "INT"), ("c", "QUIT"), ("d", "HUP") }.Select(p => $"""
            [program:{p.Item1}]
            command={"{HELPER}"} signals
            stopsignal={p.Item2}
            stopwaitsecs=2
            startsecs=0
            stdout_logfile={"{DIR}"}/{p.Item1}.out

            """));
        using var run = SupervisorRun.Start(Implementation.SuperNet, body, new RunOptions(AsPid1: true));
        foreach (var n in new[] { "a", "b", "c", "d" })
        {
            Wait.Until(() => File.Exists(run.Dir.File(n + ".out")) && File.ReadAllText(run.Dir.File(n + ".out")).Contains("ready"), n + " ready");
        }
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.Contains("got SIGTERM", File.ReadAllText(run.Dir.File("a.out")));
        Assert.Contains("got SIGINT", File.ReadAllText(run.Dir.File("b.out")));
        Assert.Contains("got SIGQUIT", File.ReadAllText(run.Dir.File("c.out")));
        Assert.Contains("got SIGHUP", File.ReadAllText(run.Dir.File("d.out")));
        Assert.Contains(run.Log(), l => l.Message == "received SIGTERM indicating exit request");
        Assert.Equal(4, run.Log().Count(l => l.Message.StartsWith("stopped: ", StringComparison.Ordinal)));
    }

    [Fact]
    public void ChildrenStartWithNothingBlockedAndSigpipeNotIgnored()
    {
        const string config = """
            [program:plain]
            command=/bin/sleep 1000
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(AsPid1: true, WithTty: true));
        run.WaitForLog("success: plain ");
        var pid = 0;
        Wait.Until(() => (pid = ProcessTree.Descendants(run.DaemonPid)
            .FirstOrDefault(p => ProcessTree.CommandLine(p) is ["/bin/sleep", "1000"])) > 0, "the sleep child");
        Assert.Equal("0000000000000000", ProcessTree.StatusField(pid, "SigBlk"));
        var ignored = Convert.ToUInt64(ProcessTree.StatusField(pid, "SigIgn"), 16);
        Assert.Equal(0UL, ignored & (1UL << (13 - 1)));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    private static string SignalName(int n) => n switch
    {
        1 => "SIGHUP", 2 => "SIGINT", 3 => "SIGQUIT", 6 => "SIGABRT", 9 => "SIGKILL", 10 => "SIGUSR1",
        12 => "SIGUSR2", 13 => "SIGPIPE", 14 => "SIGALRM", 15 => "SIGTERM", _ => $"signal {n}",
    };
}
