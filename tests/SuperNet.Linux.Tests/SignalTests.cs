using SuperNet.Core.Os;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

public sealed class SignalTests
{
    [Fact]
    public async Task ListenerReportsEachSignalAndTermEnds()
    {
        var child = TestPlatform.Spawn(TestPlatform.Helper("signals"));
        await child.Stdout.WaitFor("ready\n");
        foreach (var signal in new[] { Signals.HUP, Signals.INT, Signals.QUIT, Signals.USR1, Signals.USR2 })
        {
            Assert.Equal(0, child.Signal(signal));
            await child.Stdout.WaitFor($"got {Signals.Name(signal)}\n");
        }
        Assert.Equal(0, child.Signal(Signals.TERM));
        Assert.Equal(0, (await child.Exit).ExitStatus);
        Assert.Equal("ready\ngot SIGHUP\ngot SIGINT\ngot SIGQUIT\ngot SIGUSR1\ngot SIGUSR2\ngot SIGTERM\n",
            await child.Stdout.ReadToEnd());
    }

    [Fact]
    public async Task ListenerUndoesAnInheritedIgnore()
    {
        // A shell's `trap "" INT` is SIG_IGN, which survives exec: the listener must reset it first.
        var child = TestPlatform.Spawn(TestPlatform.Shell($"trap '' INT QUIT; exec '{SnHelper.Path}' signals"));
        await child.Stdout.WaitFor("ready\n");
        Assert.Equal(0, child.Signal(Signals.INT));
        await child.Stdout.WaitFor("got SIGINT\n");
        Assert.Equal(0, child.Signal(Signals.QUIT));
        await child.Stdout.WaitFor("got SIGQUIT\n");
        Assert.Equal(0, child.Signal(Signals.TERM));
        Assert.Equal(0, (await child.Exit).ExitStatus);
    }

    [Fact]
    public async Task TooLateToUndoAnIgnoreKeepsIgnoring()
    {
        var child = TestPlatform.Spawn(TestPlatform.Shell($"trap '' INT QUIT; exec '{SnHelper.Path}' late-listener"));
        await child.Stdout.WaitFor("still-ignored 2 3\n");
        Assert.Equal(0, child.Signal(Signals.INT));
        Assert.Equal(0, child.Signal(Signals.HUP));
        await child.Stdout.WaitFor("got SIGHUP\n");
        Assert.Equal(0, child.Signal(Signals.TERM));
        Assert.Equal(0, (await child.Exit).ExitStatus);
        Assert.Equal("still-ignored 2 3\ngot SIGHUP\ngot SIGTERM\n", await child.Stdout.ReadToEnd());
    }

    [Fact]
    public async Task IgnoredTermNeedsKill()
    {
        var child = TestPlatform.Spawn(TestPlatform.Helper("ignore-term"));
        await child.Stdout.WaitFor("ready\n");
        Assert.Equal(0, child.Signal(Signals.TERM));
        await child.Stdout.WaitFor("got SIGTERM\n");
        Assert.False(child.Exit.IsCompleted);
        Assert.Equal(0, child.Signal(Signals.KILL));
        var status = await child.Exit;
        Assert.Equal(Signals.KILL, status.TermSignal);
        Assert.Equal("terminated by SIGKILL", status.Describe());
    }

    [Fact]
    public async Task GroupSignalReachesGrandchildren()
    {
        var child = TestPlatform.Spawn(TestPlatform.Helper("grandchildren", "3"));
        var line = (await child.Stdout.WaitFor("\n")).Split('\n')[0];
        var grandchildren = line.Split(' ').Skip(1).Select(int.Parse).ToArray();
        Assert.Equal(3, grandchildren.Length);
        foreach (var pid in grandchildren)
        {
            Assert.Equal(child.Pid.ToString(), ProcessGroupOf(pid));
        }

        Assert.Equal(0, child.Signal(Signals.KILL, group: true));
        Assert.Equal(Signals.KILL, (await child.Exit).TermSignal);
        foreach (var pid in grandchildren)
        {
            // Killed with the group; whichever parent collects them, they must be gone.
            await Wait.UntilAsync(() => !Directory.Exists($"/proc/{pid}"), $"grandchild {pid} to vanish");
        }
    }

    private static string ProcessGroupOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        return stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[2];
    }
}
