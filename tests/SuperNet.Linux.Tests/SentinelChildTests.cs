using SuperNet.Core.Os;

namespace SuperNet.Linux.Tests;

/// <summary>
/// What the reaper's sentinel child (ADR 0009) says when it cannot be started: the main log's only word on it. The
/// sentinels here are shell scripts: one that gets to wait says so as the real one does, with a byte on fd 3.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class SentinelChildTests
{
    private const string Lives = "#!/bin/sh\nprintf x >&3\nexec 3>&-\nexec /bin/sleep 1000\n";

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
    /// A signal that ends it before it waits (the OOM killer, a kill -9 -1 racing its start) leaves the reaper with
    /// no sentinel as an exit status does: said the same way, with the signal as supervisord words it. Only one that
    /// got to wait is replaced without a word.
    /// </summary>
    [Fact]
    public void One_killed_by_a_signal_at_start_is_said_and_one_killed_once_it_waits_is_not()
    {
        using var dir = new TempDir();
        var binary = Executable(dir, "sentinel", "#!/bin/sh\nkill -KILL $$\n");
        var heard = new List<SentinelTrouble?>();
        var sentinel = new SentinelChild(binary, heard.Add);

        sentinel.EnsureRunning();
        Ends(sentinel, new WaitStatus(Signals.KILL));
        Assert.Equal([new SentinelTrouble(0, new WaitStatus(Signals.KILL))], heard);

        LivesThenAllClear(dir, sentinel, heard);
    }

    /// <summary>
    /// After "exited at start" the next sentinel that lives says so, as one does after "couldn't start": without it
    /// the log's last word was the warning, for the daemon's whole life.
    /// </summary>
    [Fact]
    public void After_an_exit_at_start_a_sentinel_that_lives_gets_the_all_clear()
    {
        using var dir = new TempDir();
        var binary = Executable(dir, "sentinel", "#!/bin/sh\nexit 255\n");
        var heard = new List<SentinelTrouble?>();
        var sentinel = new SentinelChild(binary, heard.Add);

        sentinel.EnsureRunning();
        Ends(sentinel, new WaitStatus(255 << 8));
        Assert.Equal([new SentinelTrouble(0, new WaitStatus(255 << 8))], heard);

        LivesThenAllClear(dir, sentinel, heard);
    }

    /// <summary>
    /// After one reported failure, a sentinel that lives is the all-clear (null), and one killed once it waits is
    /// replaced without a word.
    /// </summary>
    private static void LivesThenAllClear(TempDir dir, SentinelChild sentinel, List<SentinelTrouble?> heard)
    {
        Executable(dir, "sentinel", Lives);
        Attempt(sentinel);
        // The reaper's next wake looks (here: the loop's calls); it waits in AwaitReady meanwhile.
        Wait.Until(() => { sentinel.EnsureRunning(); return heard.Count == 2; }, "the all-clear");
        Assert.Null(heard[1]);
        SuperNet.Linux.Native.Libc.Kill(sentinel.Pid, Signals.KILL);
        Ends(sentinel, new WaitStatus(Signals.KILL));
        Assert.Equal(2, heard.Count);
    }

    /// <summary>
    /// At a pids limit's edge the failure alternates as other processes come and go: no process at all (EAGAIN), or a
    /// process whose runtime gets no thread (exit 255). Here a binary that comes and goes makes the same alternation
    /// (ENOENT, then a spawn that exits 255). Each failure is said once, and a spawn that works is no all-clear until
    /// the sentinel says it waits; after that a failure is news again. Said "unlike the last one", every round logged
    /// three lines, among them an INFO that orphans were reaped at once.
    /// </summary>
    [Fact]
    public void Alternating_failures_are_each_said_once_until_a_sentinel_lives()
    {
        using var dir = new TempDir();
        var binary = Path.Combine(dir.Path, "sentinel");
        var heard = new List<SentinelTrouble?>();
        var sentinel = new SentinelChild(binary, heard.Add);
        var missing = new SentinelTrouble(ErrnoNames.ENOENT, null, binary);
        var exit255 = new SentinelTrouble(0, new WaitStatus(255 << 8));

        Attempt(sentinel);
        Assert.Equal([missing], heard);
        for (var round = 0; round < 3; round++)
        {
            Executable(dir, "sentinel", "#!/bin/sh\nexit 255\n");
            Attempt(sentinel);
            Ends(sentinel, new WaitStatus(255 << 8));
            File.Delete(binary);
            Attempt(sentinel);
        }
        Assert.Equal([missing, exit255], heard);

        Executable(dir, "sentinel", Lives);
        Attempt(sentinel);
        Wait.Until(() => { sentinel.EnsureRunning(); return heard.Count == 3; }, "the all-clear");
        Assert.Equal([missing, exit255, null], heard);
        SuperNet.Linux.Native.Libc.Kill(sentinel.Pid, Signals.KILL);
        Ends(sentinel, new WaitStatus(Signals.KILL));
        File.Delete(binary);
        Attempt(sentinel);
        Assert.Equal([missing, exit255, null, missing], heard);
    }

    private static string Executable(TempDir dir, string name, string script)
    {
        var path = Path.Combine(dir.Path, name);
        // A new file each time: a running one's text would otherwise change under it.
        File.Delete(path);
        File.WriteAllText(path, script);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Spawns are a second apart at least; the wait is for that second to pass.</summary>
    private static void Attempt(SentinelChild sentinel)
    {
        Wait.Until(() => sentinel.UntilNextStart == TimeSpan.Zero, "the sentinel's restart interval");
        sentinel.EnsureRunning();
    }

    /// <summary>
    /// Once the spawned sentinel is dead, tells it how it ended, as the reaper does. The test process's own reaper may
    /// collect it first: the status is the reaper's part, and the death is what matters here.
    /// </summary>
    private static void Ends(SentinelChild sentinel, WaitStatus end)
    {
        var pid = sentinel.Pid;
        Assert.NotEqual(0, pid);
        Wait.Until(() => !File.Exists($"/proc/{pid}/stat") || IsZombie(pid), $"the sentinel {pid} to end");
        sentinel.Exited(end);
    }

    private static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2] == 'Z';
        }
        catch (IOException)
        {
            return true;
        }
    }
}
