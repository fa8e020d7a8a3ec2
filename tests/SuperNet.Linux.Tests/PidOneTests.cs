using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>The whole layer as PID 1 of a fresh PID namespace, where a stolen status would show.</summary>
public sealed class PidOneTests
{
    [Fact]
    public async Task EveryStatusAndOrphanIsReapedAsPidOne()
    {
        var child = TestPlatform.Spawn(TestPlatform.Request("/usr/bin/unshare",
            "unshare", "--pid", "--fork", "--mount-proc", SnHelper.Path, "supervise", "100"));
        Assert.Equal("pid=1 subreaper=False correct=101/101 orphans=1\n", await child.Stdout.ReadToEnd());
        Assert.Equal(0, (await child.Exit).ExitStatus);
    }
}
