using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux;

// snhelper: see README.md in this folder for every mode.
ReaperSentinel.RunIfAsked(args);
if (ExecHelper.TryRun(args, out var helperExit))
{
    return helperExit;
}
if (args.Length == 0)
{
    return Usage();
}
var rest = args[1..];
return args[0] switch
{
    "exit" when rest.Length == 1 => int.Parse(rest[0], CultureInfo.InvariantCulture),
    "sleep" when rest.Length == 1 => Sleep(rest[0]),
    "signals" => Modes.SignalPrinter(ignoreTerm: rest.Contains("--ignore-term")),
    "ignore-term" => Modes.SignalPrinter(ignoreTerm: true),
    "late-listener" => Modes.LateListener(),
    "orphans" when rest.Length == 2 => Modes.Orphans(int.Parse(rest[0], CultureInfo.InvariantCulture), rest[1]),
    "grandchildren" when rest.Length == 1 => Modes.Grandchildren(int.Parse(rest[0], CultureInfo.InvariantCulture)),
    "spew" when rest.Length is 1 or 2 => Modes.Spew(long.Parse(rest[0], CultureInfo.InvariantCulture),
        rest.Length == 2 ? int.Parse(rest[1], CultureInfo.InvariantCulture) : 4096),
    "echo-both" when rest.Length == 2 => Modes.EchoBoth(rest[0], rest[1]),
    "print-env" => Modes.PrintEnvironment(),
    "pwd" => Modes.PrintDirectory(),
    "stdin-echo" => Modes.StdinEcho(),
    "sigchld-guard" => Modes.SigchldGuardCheck(),
    "daemonize" when rest.Length == 1 => Modes.Daemonize(rest[0]),
    "spawn-emfile" => SpawnEmfile.Run(),
    "rlimits" when rest.Length == 3 => Modes.ApplyRLimits(ulong.Parse(rest[0], CultureInfo.InvariantCulture),
        long.Parse(rest[1], CultureInfo.InvariantCulture), long.Parse(rest[2], CultureInfo.InvariantCulture)),
    "notify" when rest.Length is 1 or 2 => ProbeModes.Notify(rest[0], rest.Length == 2 ? rest[1] : "ready"),
    "notify-fd" when rest.Length == 2 => ProbeModes.NotifyFd(int.Parse(rest[0], CultureInfo.InvariantCulture), rest[1]),
    "listen-tcp" when rest.Length == 2 => ProbeModes.ListenTcp(int.Parse(rest[0], CultureInfo.InvariantCulture), rest[1]),
    "listen-http" when rest.Length is 2 or 3 => ProbeModes.ListenHttp(int.Parse(rest[0], CultureInfo.InvariantCulture), rest[1],
        rest.Length == 3 ? int.Parse(rest[2], CultureInfo.InvariantCulture) : 200),
    "fail-after" when rest.Length == 2 => ProbeModes.FailAfter(rest[0], int.Parse(rest[1], CultureInfo.InvariantCulture)),
    "supervise" when rest.Length == 1 => Supervise.Run(int.Parse(rest[0], CultureInfo.InvariantCulture)),
    "sentinel-window" when rest.Length == 2 => SentinelWindow.Run(rest[0], int.Parse(rest[1], CultureInfo.InvariantCulture)),
    _ => Usage(),
};

static int Sleep(string seconds)
{
    Thread.Sleep(TimeSpan.FromSeconds(double.Parse(seconds, CultureInfo.InvariantCulture)));
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: snhelper <mode> [args]  (modes: see tests/SuperNet.TestHelper/README.md)");
    return 2;
}

internal static class Modes
{
    private static readonly int[] Printed = [Signals.HUP, Signals.INT, Signals.QUIT, Signals.USR1, Signals.USR2, Signals.TERM];

    /// <summary>Prints "ready", then "got SIGxxx" per signal; TERM ends it unless ignored.</summary>
    public static int SignalPrinter(bool ignoreTerm)
    {
        var done = new ManualResetEventSlim();
        using var listener = new SignalListener(signal =>
        {
            if (Array.IndexOf(Printed, signal) < 0)
            {
                return;
            }
            Console.Out.WriteLine("got " + Signals.Name(signal));
            if (signal == Signals.TERM && !ignoreTerm)
            {
                done.Set();
            }
        });
        Console.Out.WriteLine("ready");
        done.Wait();
        return 0;
    }

    /// <summary>
    /// Initializes the runtime's signal layer before the listener exists, prints the listener's
    /// StillIgnored list ("still-ignored 2 3" after `trap '' INT QUIT`), then waits for SIGTERM.
    /// </summary>
    public static int LateListener()
    {
        using var early = PosixSignalRegistration.Create((PosixSignal)28, _ => { }); // SIGWINCH
        var done = new ManualResetEventSlim();
        using var listener = new SignalListener(signal =>
        {
            Console.Out.WriteLine("got " + Signals.Name(signal));
            if (signal == Signals.TERM)
            {
                done.Set();
            }
        });
        Console.Out.WriteLine("still-ignored " + string.Join(' ', listener.StillIgnored));
        done.Wait();
        return 0;
    }

    /// <summary>
    /// Lowers the RLIMIT_NOFILE soft limit to SOFT (the JIT runtime lifts an inherited one to the hard
    /// limit at start-up), then prints RLimits.Apply's INFO lines and its usage error, if any.
    /// </summary>
    public static unsafe int ApplyRLimits(ulong soft, long minFds, long minProcs)
    {
        var limit = stackalloc ulong[2];
        NativeLimits.GetRLimit(7, limit);
        limit[0] = soft;
        limit[1] = Math.Min(limit[1], 1UL << 20); // a finite hard limit keeps the texts predictable
        NativeLimits.SetRLimit(7, limit);
        var outcome = RLimits.Apply(minFds, minProcs);
        foreach (var info in outcome.Infos)
        {
            Console.Out.WriteLine("info: " + info);
        }
        Console.Out.WriteLine("error: " + (outcome.UsageError ?? "none"));
        return 0;
    }

    /// <summary>
    /// Starts N sleepers, prints their pids and exits: they become orphans. Each is started by a subshell
    /// that exits at once, so it is an orphan from its first instant: children of this process (started
    /// through Process) would be reaped by the runtime's own SIGCHLD handler whenever they end before the
    /// helper does (a loaded machine), and a shell parent may reap its background jobs too.
    /// </summary>
    public static int Orphans(int count, string seconds)
    {
        var script = $"i=0; while [ $i -lt {count} ]; do ( /bin/sleep {seconds} >/dev/null 2>&1 & echo $! ); i=$((i+1)); done";
        var info = new ProcessStartInfo("/bin/sh", ["-c", script]) { UseShellExecute = false, RedirectStandardOutput = true };
        using var shell = Process.Start(info)!;
        var pids = shell.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        shell.WaitForExit();
        Console.Out.WriteLine("orphans " + string.Join(' ', pids));
        return 0;
    }

    /// <summary>Starts N sleepers in this process group, prints their pids and sleeps forever.</summary>
    public static int Grandchildren(int count)
    {
        var pids = StartSleepers(count, "1000");
        Console.Out.WriteLine("grandchildren " + string.Join(' ', pids));
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    private static List<int> StartSleepers(int count, string seconds)
    {
        var pids = new List<int>();
        for (var i = 0; i < count; i++)
        {
            var info = new ProcessStartInfo("/bin/sleep", seconds) { UseShellExecute = false };
            using var process = Process.Start(info)!;
            pids.Add(process.Id);
        }
        return pids;
    }

    /// <summary>Writes BYTES bytes of the repeating pattern 0..250 in CHUNK-sized writes.</summary>
    public static int Spew(long total, int chunk)
    {
        using var stdout = Console.OpenStandardOutput();
        var buffer = new byte[chunk];
        long written = 0;
        while (written < total)
        {
            var n = (int)Math.Min(chunk, total - written);
            for (var i = 0; i < n; i++)
            {
                buffer[i] = (byte)((written + i) % 251);
            }
            stdout.Write(buffer, 0, n);
            written += n;
        }
        return 0;
    }

    public static int EchoBoth(string stdoutText, string stderrText)
    {
        Console.Out.WriteLine(stdoutText);
        Console.Error.WriteLine(stderrText);
        return 0;
    }

    public static int PrintEnvironment()
    {
        var lines = new List<string>();
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            lines.Add($"{entry.Key}={entry.Value}");
        }
        lines.Sort(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            Console.Out.WriteLine(line);
        }
        return 0;
    }

    public static int PrintDirectory()
    {
        Console.Out.WriteLine(Environment.CurrentDirectory);
        return 0;
    }

    public static int StdinEcho()
    {
        string? line;
        while ((line = Console.In.ReadLine()) is not null)
        {
            Console.Out.WriteLine(line);
        }
        return 0;
    }

    /// <summary>Lets Process.Start install the runtime's SIGCHLD handler, then removes it with the guard.</summary>
    public static int SigchldGuardCheck()
    {
        var before = SigchldGuard.HandlerInstalled();
        using (var process = Process.Start(new ProcessStartInfo("/bin/true") { UseShellExecute = false })!)
        {
            process.WaitForExit();
        }
        var installed = SigchldGuard.HandlerInstalled();
        var reset = SigchldGuard.Enforce();
        var after = SigchldGuard.HandlerInstalled();
        Console.Out.WriteLine($"before={before} installed={installed} reset={reset} after={after}");
        return 0;
    }

    /// <summary>The first run re-executes itself detached; the detached copy writes what it sees to FILE.</summary>
    public static int Daemonize(string file)
    {
        if (!Daemonizer.IsDaemonChild)
        {
            var status = Daemonizer.Respawn(Environment.ProcessPath!, Environment.ProcessPath!, ["daemonize", file],
                text => Console.OpenStandardError().Write(text));
            return status >= 0 ? status : 1;
        }
        Daemonizer.ClearMarker();
        // What supernetd does once its sockets are bound: the waiting caller exits 0, fd 2 becomes /dev/null.
        Daemonizer.ReportStarted();
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var text = string.Join('\n',
            $"pid={Environment.ProcessId}",
            $"sid={fields[3]}",
            $"fd0={ReadLink("/proc/self/fd/0")}",
            $"fd1={ReadLink("/proc/self/fd/1")}",
            $"fd2={ReadLink("/proc/self/fd/2")}",
            $"marker={Environment.GetEnvironmentVariable(Daemonizer.MarkerVariable) ?? ""}");
        File.WriteAllText(file + ".tmp", text + "\n");
        File.Move(file + ".tmp", file);
        return 0;
    }

    private static string ReadLink(string path) => new FileInfo(path).LinkTarget ?? "";
}

internal static unsafe partial class NativeLimits
{
    [LibraryImport("libc", EntryPoint = "getrlimit")]
    internal static partial int GetRLimit(int resource, ulong* limit);

    [LibraryImport("libc", EntryPoint = "setrlimit")]
    internal static partial int SetRLimit(int resource, ulong* limit);
}
