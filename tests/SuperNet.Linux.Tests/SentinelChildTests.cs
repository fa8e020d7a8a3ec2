using SuperNet.Core.Os;

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

    /// <summary>
    /// At a pids limit's edge the failure alternates as other processes come and go: no process at all (EAGAIN), or a
    /// process whose runtime gets no thread (exit 255). Here a binary that comes and goes makes the same alternation
    /// (ENOENT, then a spawn that exits 255). Each failure is said once, and the spawn that works after an exit at
    /// start is no all-clear; only a sentinel that lived (ended by a signal) makes a failure news again. Said
    /// "unlike the last one", every round logged three lines, among them an INFO that orphans were reaped at once.
    /// </summary>
    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Alternating_failures_are_each_said_once_until_a_sentinel_lives()
    {
        using var dir = new TempDir();
        var binary = Path.Combine(dir.Path, "sentinel");
        var heard = new List<SentinelTrouble?>();
        var sentinel = new SentinelChild(binary, heard.Add);
        var missing = new SentinelTrouble(ErrnoNames.ENOENT, null, binary);
        var exit255 = new SentinelTrouble(0, new WaitStatus(255 << 8));

        void Attempt()
        {
            // Spawns are a second apart at least; the wait is for that second to pass.
            Wait.Until(() => sentinel.UntilNextStart == TimeSpan.Zero, "the sentinel's restart interval");
            sentinel.EnsureRunning();
        }
        void Appears()
        {
            File.WriteAllText(binary, "#!/bin/sh\nexit 255\n");
            File.SetUnixFileMode(binary, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        void Spawned(WaitStatus end)
        {
            Assert.NotEqual(0, sentinel.Pid);
            // The test process's own reaper collects the child whenever it next looks: the status is the reaper's part.
            sentinel.Exited(end);
        }

        Attempt();
        Assert.Equal([missing], heard);
        Appears();
        Attempt();
        Spawned(new WaitStatus(255 << 8));
        Assert.Equal([missing, null, exit255], heard);

        for (var round = 0; round < 2; round++)
        {
            File.Delete(binary);
            Attempt();
            Appears();
            Attempt();
            Spawned(new WaitStatus(255 << 8));
        }
        Assert.Equal([missing, null, exit255, missing], heard);

        Attempt();
        Spawned(new WaitStatus(Signals.KILL));
        File.Delete(binary);
        Attempt();
        Assert.Equal([missing, null, exit255, missing, missing], heard);
    }
}
