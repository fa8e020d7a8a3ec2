using SuperNet.Core.Os;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

public sealed class ExitStatusTests
{
    [Fact]
    public async Task HundredConcurrentChildrenReportTheirOwnStatus()
    {
        var signals = new[] { Signals.TERM, Signals.KILL, Signals.USR1, Signals.HUP };
        var children = new List<(int Pid, bool BySignal, int Value)>();
        for (var i = 0; i < 100; i++)
        {
            var bySignal = i % 3 == 0;
            var value = bySignal ? signals[i % signals.Length] : i % 256;
            var script = bySignal ? $"kill -{value} $$" : $"exit {value}";
            var result = TestPlatform.Platform.Spawner.Spawn(TestPlatform.Shell(script));
            Assert.True(result.Succeeded);
            result.Pipes!.Stdin.Dispose();
            result.Pipes.Stdout.Dispose();
            result.Pipes.Stderr!.Dispose();
            children.Add((result.Pid, bySignal, value));
        }

        foreach (var (pid, bySignal, value) in children)
        {
            var status = await TestPlatform.ExitOf(pid);
            if (bySignal)
            {
                Assert.True(status.Signaled, $"pid {pid}: {status.Describe()}");
                Assert.Equal(value, status.TermSignal);
                Assert.Equal(-1, status.ExitStatus);
            }
            else
            {
                Assert.True(status.Exited, $"pid {pid}: {status.Describe()}");
                Assert.Equal(value, status.ExitCode);
            }
        }
    }

    [Fact]
    public async Task ReapedPidCanNoLongerBeSignalled()
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/bin/true"));
        Assert.Equal(0, (await child.Exit).ExitStatus);
        Assert.Equal(ErrnoNames.ESRCH, child.Signal(Signals.TERM));
        Assert.Equal(ErrnoNames.ESRCH, TestPlatform.Platform.Signaller.Signal(1, Signals.TERM, processGroup: false));
    }
}
