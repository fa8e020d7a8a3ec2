using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Pid1;

/// <summary>
/// supernetd as PID 1 with no child of its own: no thread wakes while nothing happens, yet an orphan that
/// a process from outside its tree (podman exec; here nsenter) leaves behind is reaped at once. Both rest on
/// the reaper's sentinel child (ADR 0009), which nothing but `ps` ever shows.
/// </summary>
public sealed class Pid1IdleTests
{
    private const string Idle = """
        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        """;

    [Fact]
    public void WithNoChildNoThreadWakesOverAnIdleWindow()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Idle, new RunOptions(AsPid1: true));
        run.WaitForLog("supervisord started with pid 1");
        var daemon = run.DaemonPid;
        WaitUntilSettled(daemon);

        // The window is what is measured, not something waited for: every thread's count of voluntary context
        // switches (each one a wake-up that blocked again) must stay where it was. The old reaper woke every second.
        var before = WakeUps(daemon);
        Wait.Throughout(() => Woken(before, WakeUps(daemon)), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void AnOrphanFromOutsideItsTreeIsReapedWhileItHasNoChild()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Idle, new RunOptions(AsPid1: true));
        run.WaitForLog("supervisord started with pid 1");

        // nsenter's child is in the daemon's PID namespace but its parent is not: as with `podman exec`, the
        // background sleep is re-parented to PID 1, which has no child of its own.
        var (exit, output) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", run.DaemonPid.ToString(), "--pid", "/bin/sh", "-c", "/bin/sleep 0.2 & echo $!"]);
        Assert.Equal(0, exit);
        var orphan = output.Trim();
        Assert.Matches(@"^\d+$", orphan);
        run.WaitForLog($"reaped unknown pid {orphan} (exit status 0)");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void ItsSentinelIsReplacedSilentlyAndNeverShown()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Idle, new RunOptions(AsPid1: true));
        run.WaitForLog("supervisord started with pid 1");
        var daemon = run.DaemonPid;
        var sentinel = Sentinel(daemon);
        // Named by itself once its runtime is up, which may take a moment on a loaded machine.
        Wait.Until(() => File.ReadAllText($"/proc/{sentinel}/comm").Trim() == "reaper-sentinel", "the sentinel's name");
        // Its own process group, and nothing of the daemon's held open: no pipe, socket or terminal.
        Assert.Equal(sentinel, ProcessGroup(sentinel));
        Assert.All(Directory.GetFileSystemEntries($"/proc/{sentinel}/fd"), fd => Assert.Equal("/dev/null", new FileInfo(fd).LinkTarget));

        var inNamespace = ProcessTree.StatusField(sentinel, "NSpid")!.Split('\t', ' ').Last();
        Assert.Equal(0, Native.kill(sentinel, 9));
        Wait.Until(() => Sentinel(daemon, allowNone: true) is var now && now != 0 && now != sentinel, "a new sentinel");
        // The old one was collected before the new one was started, so a report of it would be in the log by now.
        Assert.DoesNotContain(run.Log(), l => l.Message.Contains($"pid {inNamespace} ", StringComparison.Ordinal));

        var (code, status) = run.Ctl("status");
        Assert.Equal(3, code); // supervisorctl: not every process is running
        Assert.Equal(["idle"], status.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' ')[0]));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    /// <summary>Until start-up's last work is done: no count but the reaper's changes for half a second.</summary>
    private static void WaitUntilSettled(int daemon)
    {
        var last = WakeUps(daemon);
        var since = DateTime.UtcNow;
        Wait.Until(() =>
        {
            var now = WakeUps(daemon);
            if (Woken(last, now, except: "supernet-reaper") is not null)
            {
                (last, since) = (now, DateTime.UtcNow);
            }
            return DateTime.UtcNow - since > TimeSpan.FromMilliseconds(500);
        }, "the daemon to settle after start-up");
    }

    /// <summary>Voluntary context switches of every thread of the daemon and of its children, by "pid/tid name".</summary>
    private static Dictionary<string, long> WakeUps(int daemon)
    {
        var counts = new Dictionary<string, long>();
        foreach (var pid in ProcessTree.Descendants(daemon).Prepend(daemon))
        {
            foreach (var task in SafeList($"/proc/{pid}/task"))
            {
                try
                {
                    var name = File.ReadAllText(task + "/comm").Trim();
                    var line = File.ReadLines(task + "/status").First(l => l.StartsWith("voluntary_ctxt_switches:", StringComparison.Ordinal));
                    counts[$"{pid}/{Path.GetFileName(task)} {name}"] = long.Parse(line.Split(':')[1].Trim());
                }
                catch (IOException)
                {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return counts;
    }

    private static string[] SafeList(string directory)
    {
        try
        {
            return Directory.GetDirectories(directory);
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Which threads woke between two readings (a new thread counts as woken), or null.</summary>
    private static string? Woken(Dictionary<string, long> before, Dictionary<string, long> after, string? except = null)
    {
        var woken = after
            .Where(t => (except is null || !t.Key.EndsWith(" " + except, StringComparison.Ordinal))
                && (!before.TryGetValue(t.Key, out var was) || was != t.Value))
            .Select(t => $"{t.Key} woke {t.Value - before.GetValueOrDefault(t.Key)} time(s)")
            .ToList();
        return woken.Count == 0 ? null : string.Join("; ", woken);
    }

    private static int Sentinel(int daemon, bool allowNone = false)
    {
        var found = ProcessTree.Descendants(daemon)
            .Where(p => ProcessTree.Stat(p) is { Ppid: var parent, State: not 'Z' } && parent == daemon
                && ProcessTree.CommandLine(p) is [_, "--reaper-sentinel"])
            .ToList();
        Assert.True(found.Count <= 1, $"one sentinel at most, found {found.Count}");
        if (found.Count == 0 && !allowNone)
        {
            Assert.Fail("supernetd as PID 1 has no sentinel child");
        }
        return found.Count == 0 ? 0 : found[0];
    }

    private static int ProcessGroup(int pid)
    {
        var text = File.ReadAllText($"/proc/{pid}/stat");
        return int.Parse(text[(text.LastIndexOf(')') + 2)..].Split(' ')[2]);
    }
}
