namespace SuperNet.Linux.Tests;

/// <summary>What the reaper's sentinel child (ADR 0009) says when it cannot be started: the main log's only word on it.</summary>
public sealed class SentinelChildTests
{
    /// <summary>
    /// posix_spawn gives ENOENT for a missing binary and for a missing /dev/null alike: the trouble names the file, so
    /// the log line does not send someone looking for a binary that is there (PID 1's usual ENOENT is /dev/null).
    /// </summary>
    [Fact]
    public void A_spawn_that_fails_on_a_missing_binary_names_it()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"sn-no-sentinel-{Guid.NewGuid():N}");
        var heard = new List<SentinelTrouble?>();
        var sentinel = new SentinelChild(missing, heard.Add);

        sentinel.EnsureRunning();

        Assert.Equal(0, sentinel.Pid);
        Assert.Equal([new SentinelTrouble(ErrnoNames.ENOENT, null, missing)], heard);
    }
}
