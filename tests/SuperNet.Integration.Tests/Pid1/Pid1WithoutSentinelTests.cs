using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Pid1;

/// <summary>
/// supernetd as PID 1 where its sentinel child cannot start (ADR 0009): no /dev/null, which the sentinel needs on
/// its stdin/stdout/stderr, or a pids limit that leaves it a process but no thread for its runtime. The reaper falls
/// back to looking for orphans once a second, the daemon stays up, and the main log says once why there is no
/// sentinel.
/// </summary>
public sealed class Pid1WithoutSentinelTests
{
    private const string Idle = """
        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        """;

    private const string Missing = "couldn't start the reaper's sentinel child (supernetd --reaper-sentinel): /dev/null: ENOENT; "
        + "trying again every second, and until then an orphan is reaped up to 1 s late while no program runs";

    [Fact]
    public void WithNoDevNullAnOrphanIsStillReapedAndTheLogSaysWhy()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Idle, new RunOptions(AsPid1: true, WithoutDev: true));
        run.WaitForLog("supervisord started with pid 1");
        var warning = run.WaitForLog(Missing);
        Assert.Equal("WARN", warning.Level);
        var daemon = run.DaemonPid;

        // As in Pid1IdleTests: nsenter's background sleep is re-parented to PID 1, which has no child at all now.
        var (exit, output) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon.ToString(), "--pid", "/bin/sh", "-c", "/bin/sleep 0.2 & echo $!"]);
        Assert.Equal(0, exit);
        var orphan = output.Trim();
        Assert.Matches(@"^\d+$", orphan);
        run.WaitForLog($"reaped unknown pid {orphan} (exit status 0)");

        // Retried every second meanwhile, but said once.
        Wait.Throughout(() => run.Log().Count(l => l.Message.StartsWith("couldn't start the reaper's", StringComparison.Ordinal)) is var n && n != 1
            ? $"{n} lines about the missing sentinel" : null, TimeSpan.FromSeconds(2.5));
        var (code, status) = run.Ctl("status");
        Assert.Equal(3, code); // supervisorctl: not every process is running
        Assert.StartsWith("idle ", status, StringComparison.Ordinal);

        // Once /dev/null exists the next attempt starts a sentinel, and the log says that too.
        (exit, output) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon.ToString(), "--mount", "/bin/mknod", "/dev/null", "c", "1", "3"]);
        Assert.True(exit == 0, output);
        Assert.Equal("INFO", run.WaitForLog("the reaper's sentinel child started; orphans are reaped at once again").Level);
        Wait.Until(() => ProcessTree.Descendants(daemon).Any(p => ProcessTree.CommandLine(p) is [_, "--reaper-sentinel"]), "a sentinel child");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    /// <summary>
    /// The warning about the missing sentinel is written while the main log's file is a pipe nobody reads (full), at
    /// loglevel=warn, so the one line the daemon has to write is that one. It was written on the reaper's thread (or
    /// under the lock the reaper's exits pass): the reaper stopped, the orphan stayed a zombie and the program that
    /// exits every 0.1 s was never restarted. Once the pipe is read the line is there, and the daemon exits cleanly.
    /// </summary>
    [Fact]
    public void AMainLogThatBlocksDoesNotStopReapingOrRestarts()
    {
        using var fifoDir = new TempDir();
        var fifo = fifoDir.File("main.fifo");
        var (made, why) = SupervisorRun.Run("/usr/bin/mkfifo", [fifo]);
        Assert.True(made == 0, why);
        using var pipe = new FullPipe(fifo);
        // user=root: no CRIT about running as root; no [unix_http_server]: no CRIT about its missing authentication.
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [supervisord]
            logfile={fifo}
            loglevel=warn
            user=root
            pidfile={"{DIR}"}/sv.pid
            childlogdir={"{DIR}"}
            silent=true

            [program:flap]
            command=/bin/sh -c 'echo $$ >> {"{DIR}"}/starts; exec /bin/sleep 0.1'
            startsecs=0
            autorestart=true
            stdout_logfile=NONE
            stderr_logfile=NONE
            """, new RunOptions(AsPid1: true, WithoutDev: true));
        var daemon = run.DaemonPid;
        Wait.Until(() => ProcessTree.Descendants(daemon).Prepend(daemon).SelectMany(Tasks)
            .Any(task => ReadOrNull($"{task}/wchan")?.Contains("pipe_write", StringComparison.Ordinal) == true),
            "a thread of the daemon blocked writing the main log");

        var starts = run.Dir.File("starts");
        int Starts() => File.Exists(starts) ? File.ReadAllLines(starts).Length : 0;
        var before = Starts();
        Wait.Until(() => Starts() >= before + 3, "the program to be restarted three times while the main log blocks");

        var (exit, output) = SupervisorRun.Run("/usr/bin/nsenter",
            ["-t", daemon.ToString(), "--pid", "/bin/sh", "-c", "/bin/sleep 1 >/dev/null 2>&1 & echo $!"]);
        Assert.True(exit == 0, output);
        var inside = int.Parse(output.Trim());
        var orphan = 0;
        Wait.Until(() => (orphan = ProcessTree.Descendants(daemon).FirstOrDefault(p => NsPids(p) is [.., var last] && last == inside)) != 0,
            "the orphan under the daemon");
        Wait.Until(() => ProcessTree.Stat(orphan) is null, $"the orphan {orphan} to be reaped while the main log blocks");

        // Read now, the pipe gives the line that waited, said once.
        var text = pipe.DrainUntil(Missing);
        Assert.Equal(1, text.Split('\n').Count(l => l.Contains("couldn't start the reaper's sentinel", StringComparison.Ordinal)));
        Assert.Contains(" WARN " + Missing, text, StringComparison.Ordinal);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void UnderAPidsLimitThatLeavesItNoThreadTheLogSaysItExitedAtStart()
    {
        using var cgroup = new PidsCgroup();
        using (var run = SupervisorRun.Start(Implementation.SuperNet, Idle, new RunOptions(AsPid1: true, CgroupProcs: cgroup.Procs)))
        {
            run.WaitForLog("supervisord started with pid 1");
            var daemon = run.DaemonPid;

            // A limit of what is in use now, less the live sentinel, plus one: the next sentinel gets its process but
            // its runtime no thread. A thread the daemon makes meanwhile takes that one and the spawn itself is refused
            // (EAGAIN): the log says why either way, so either line ends the wait.
            var refusedBefore = cgroup.Refused;
            Wait.Until(() =>
            {
                if (run.Log().Any(IsSentinelTrouble))
                {
                    return true;
                }
                // Only one that runs: one still starting may be the one about to fail.
                if (Sentinel(daemon) is { } sentinel && Comm(sentinel) == "reaper-sentinel" && TaskCount(sentinel) is > 0 and var tasks)
                {
                    cgroup.Max = (cgroup.Current - tasks + 1).ToString();
                    Native.kill(sentinel, 9);
                }
                return false;
            }, "the log to say the sentinel could not start under the pids limit");
            var line = run.Log().First(IsSentinelTrouble);
            Assert.Equal("WARN", line.Level);
            Assert.Matches(@"^(the reaper's sentinel child \(supernetd --reaper-sentinel\) exited at start \(exit status \d+\)"
                + @"|couldn't start the reaper's sentinel child \(supernetd --reaper-sentinel\): EAGAIN); "
                + "trying again every second, and until then an orphan is reaped up to 1 s late while no program runs$", line.Message);

            // Retried every second, refused each time, each kind of failure said once.
            Wait.Until(() => cgroup.Refused >= refusedBefore + 3, "three refused sentinel starts");
            var said = run.Log().Where(IsSentinelTrouble).Select(l => l.Message).ToList();
            Assert.Equal(said.Distinct().Count(), said.Count);

            var (exit, output) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon.ToString(), "--pid", "/bin/sh", "-c", "/bin/sleep 0.2 & echo $!"]);
            Assert.True(exit == 0, output);
            run.WaitForLog($"reaped unknown pid {output.Trim()} (exit status 0)");

            // Without the limit the next one lives, and the log says so after either kind of failure (it said nothing
            // after "exited at start", whose spawns work too).
            cgroup.Max = "max";
            Wait.Until(() => Sentinel(daemon) is { } s && Comm(s) == "reaper-sentinel", "a sentinel that runs");
            var clear = run.WaitForLog("the reaper's sentinel child started; orphans are reaped at once again");
            Assert.Equal("INFO", clear.Level);
            Assert.True(run.Log().ToList() is var all && all.FindIndex(IsSentinelTrouble) < all.IndexOf(clear), "the all-clear after the warning");
            var (code, _) = run.Ctl("status");
            Assert.Equal(3, code); // supervisorctl: not every process is running
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
        }
    }

    private static bool IsSentinelTrouble(LogLine line) =>
        line.Message.StartsWith("the reaper's sentinel child (", StringComparison.Ordinal)
        || line.Message.StartsWith("couldn't start the reaper's sentinel child", StringComparison.Ordinal);

    /// <summary>The live sentinel child of the daemon, if any.</summary>
    private static int? Sentinel(int daemon) => ProcessTree.Descendants(daemon)
        .Where(p => ProcessTree.Stat(p) is { Ppid: var parent, State: not 'Z' } && parent == daemon
            && ProcessTree.CommandLine(p) is [_, "--reaper-sentinel"])
        .Select(p => (int?)p)
        .FirstOrDefault();

    private static string? Comm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static IEnumerable<string> Tasks(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task");
        }
        catch (IOException)
        {
            return [];
        }
    }

    private static string? ReadOrNull(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The pid in each namespace, outermost first (NSpid in /proc/pid/status); empty when it is gone.</summary>
    private static int[] NsPids(int pid) => ReadOrNull($"/proc/{pid}/status") is { } status
        ? status.Split('\n').Where(l => l.StartsWith("NSpid:", StringComparison.Ordinal))
            .SelectMany(l => l[6..].Split('\t', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToArray()
        : [];

    /// <summary>
    /// A FIFO held open for reading and writing here (so the daemon's open neither waits nor fails) and filled to the
    /// brim: the next line written to it blocks until <see cref="DrainUntil"/> reads.
    /// </summary>
    private sealed class FullPipe : IDisposable
    {
        private readonly int fd;

        public FullPipe(string path)
        {
            fd = Native.open(path, Native.O_RDWR | Native.O_NONBLOCK | Native.O_CLOEXEC);
            Assert.True(fd >= 0, $"open {path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
            // Pages first, then single bytes into what the last page left.
            foreach (var size in new[] { 4096, 1 })
            {
                var filler = new byte[size];
                while (Native.write(fd, filler, size) == size)
                {
                }
            }
        }

        public string DrainUntil(string fragment)
        {
            var text = new System.Text.StringBuilder();
            var buffer = new byte[65536];
            Wait.Until(() =>
            {
                nint n;
                while ((n = Native.read(fd, buffer, buffer.Length)) > 0)
                {
                    text.Append(System.Text.Encoding.UTF8.GetString(buffer, 0, (int)n).Replace("\0", "", StringComparison.Ordinal));
                }
                return text.ToString().Contains(fragment, StringComparison.Ordinal);
            }, $"'{fragment}' in the main log's pipe");
            return text.ToString();
        }

        public void Dispose() => Native.close(fd);
    }

    private static int TaskCount(int pid)
    {
        try
        {
            return Directory.GetDirectories($"/proc/{pid}/task").Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
