using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// logfile=/dev/stdout under nodaemon without silent: supervisord writes every main-log line twice (its stdout handler,
/// then its file handler on the same pipe), always side by side. supernetd queued the echo behind child output and
/// wrote the file copy at once, so the copies of neighbouring lines could interleave (L1 L2 L1 L2). As PID 1,
/// /proc/1/fd/1 is the same stdout (the container idiom for a user that may not open /dev/stdout).
/// </summary>
public sealed class MainLogOnStdoutTests
{
    private const int Flappers = 6;

    private static string Config(string programs, string logfile = "/dev/stdout", string maxbytes = "logfile_maxbytes=0") => $$"""
        [supervisord]
        logfile={{logfile}}
        {{maxbytes}}
        pidfile={DIR}/sv.pid
        childlogdir={DIR}

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        {{string.Concat(Enumerable.Range(1, Flappers).Select(i => $"""
            [program:f{i}]
            command=/bin/sh -c "exit 3"
            startsecs=1
            startretries=2

            """))}}
        {{programs}}
        """;

    /// <summary>Runs until every flapper has given up and <paramref name="also"/> is logged, stops the daemon, and returns its stdout's lines.</summary>
    /// <param name="underTini">With /proc/1/fd/1: tini is PID 1 and the daemon its child, on the same stdout; else the daemon is PID 1.</param>
    private static IReadOnlyList<string> Run(Implementation implementation, string programs = "", string? also = null, string logfile = "/dev/stdout",
        bool underTini = false)
    {
        var procOne = logfile.StartsWith("/proc/1/", StringComparison.Ordinal);
        // A /dev of its own: nothing here clears or rotates the log, but the machine's /dev/stdout is not to be risked.
        using var run = SupervisorRun.Start(implementation, Config(programs, logfile),
            new RunOptions(OwnDev: true, AsPid1: procOne && !underTini, UnderTini: underTini));
        foreach (var line in Enumerable.Range(1, Flappers).Select(i => $"gave up: f{i} ").Append(also ?? "gave up: f1 "))
        {
            Wait.Until(() => run.Stdout.Contains(line, StringComparison.Ordinal) || run.HasExited, $"'{line}' from {implementation}", TimeSpan.FromSeconds(60));
        }
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.Equal("", run.Stderr);
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>Each main-log line is followed at once by its copy; other lines (child output) stand alone.</summary>
    private static int AssertPairs(IReadOnlyList<string> lines)
    {
        var pairs = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (LogLine.Parse(lines[i]) is null)
                continue;
            var window = string.Join('\n', lines.Skip(Math.Max(0, i - 3)).Take(8));
            Assert.True(i + 1 < lines.Count && lines[i + 1] == lines[i], $"line {i} is not followed by its copy:\n{window}");
            i++;
            pairs++;
        }
        return pairs;
    }

    [Theory]
    [InlineData(Implementation.Supervisord, "/dev/stdout", false)]
    [InlineData(Implementation.SuperNet, "/dev/stdout", false)]
    [InlineData(Implementation.Supervisord, "/proc/1/fd/1", false)]
    [InlineData(Implementation.SuperNet, "/proc/1/fd/1", false)]
    [InlineData(Implementation.Supervisord, "/proc/1/fd/1", true)]
    [InlineData(Implementation.SuperNet, "/proc/1/fd/1", true)]
    public void Every_main_log_line_comes_twice_side_by_side(Implementation implementation, string logfile, bool underTini)
    {
        var lines = Run(implementation, logfile: logfile, underTini: underTini);
        Assert.True(AssertPairs(lines) * 2 == lines.Count, $"a line that is no main-log line:\n{string.Join('\n', lines)}");
        for (var i = 1; i <= Flappers; i++)
            Assert.Equal(2, lines.Count(l => l.EndsWith($"INFO gave up: f{i} entered FATAL state, too many start retries too quickly", StringComparison.Ordinal)));
    }

    /// <summary>
    /// logfile_maxbytes left at its default (50MB) on a pipe: supervisord asks the stream its position before its first
    /// line (to rotate) and dies there with a traceback; supernetd has nothing to ask, needs no maxbytes=0 and runs.
    /// </summary>
    [Theory]
    [InlineData("/dev/stdout", false)]
    [InlineData("/proc/1/fd/2", false)]
    [InlineData("/proc/1/fd/2", true)]
    public void With_maxbytes_at_its_default_supervisord_dies_at_its_first_line_and_supernetd_runs(string logfile, bool underTini)
    {
        var config = Config("", logfile, maxbytes: "");
        var options = new RunOptions(OwnDev: true, AsPid1: logfile.StartsWith("/proc/1/", StringComparison.Ordinal) && !underTini, UnderTini: underTini);
        using (var supervisord = SupervisorRun.Start(Implementation.Supervisord, config, options))
        {
            Assert.Equal(1, supervisord.WaitForExit());
            Assert.EndsWith("\nOSError: [Errno 29] Illegal seek\n", supervisord.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("supervisord started with pid", supervisord.Stdout + supervisord.Stderr, StringComparison.Ordinal);
        }
        using var supernetd = SupervisorRun.Start(Implementation.SuperNet, config, options);
        Wait.Until(() => supernetd.Stdout.Contains("gave up: f1 ", StringComparison.Ordinal) || supernetd.HasExited, "supernetd to run its programs");
        supernetd.Signal(15);
        Assert.Equal(0, supernetd.WaitForExit());
        // The nodaemon echo on stdout, and the log's own copy on the stream it names.
        var (onStdout, onStderr) = logfile == "/dev/stdout" ? (2, 0) : (1, 1);
        Assert.Equal(onStdout, supernetd.Stdout.Split("INFO supervisord started with pid ").Length - 1);
        Assert.Equal(onStderr, supernetd.Stderr.Split("INFO supervisord started with pid ").Length - 1);
    }

    /// <summary>
    /// With a program writing to the same stdout the echo waits behind its lines, which is when the file copy used to
    /// overtake it. supervisord is not run here: it passes child output on as read, so a main-log line may land
    /// inside a child's line.
    /// </summary>
    [Theory]
    [InlineData("/dev/stdout")]
    [InlineData("/proc/1/fd/1")]
    public void Main_log_pairs_stay_side_by_side_beside_child_output(string stdout)
    {
        const int count = 5000;
        using var scripts = new TempDir();
        var lines = Run(Implementation.SuperNet, $"""
            [program:w]
            command={Writers.Install(scripts)} w {count}
            startsecs=0
            autorestart=false
            stdout_logfile={stdout}
            stdout_logfile_maxbytes=0
            """, also: "exited: w ", logfile: stdout);
        Assert.True(AssertPairs(lines) > 2 * Flappers);
        Writers.AssertComplete(lines.Where(l => LogLine.Parse(l) is null).Select(l => Writers.Parse(l) ?? throw new Xunit.Sdk.XunitException($"torn line: {l}")),
            ["w"], count);
    }

    /// <summary>
    /// clearLog deletes /dev/stdout and the reopen leaves a regular file of that name (supervisord's does; each daemon
    /// has a /dev of its own here): from then on each line goes once to stdout, by the echo, and once into that file.
    /// </summary>
    [Theory]
    [InlineData(Implementation.Supervisord)]
    [InlineData(Implementation.SuperNet)]
    public void After_a_clear_the_file_copy_goes_to_the_file_left_at_dev_stdout(Implementation implementation)
    {
        var config = Config("").Split("[program:f1]")[0] + """
            [program:a]
            command=/bin/sleep 1000
            startsecs=0
            """;
        using var run = SupervisorRun.Start(implementation, config, new RunOptions(OwnDev: true));
        Wait.Until(() => run.Stdout.Contains("success: a ", StringComparison.Ordinal) || run.HasExited, $"a RUNNING under {implementation}");
        Assert.Equal("True", Call(run, "supervisor.clearLog"));
        Assert.Equal("True", Call(run, "supervisor.stopProcess", "\"a\""));
        Wait.Until(() => run.Stdout.Contains("stopped: a ", StringComparison.Ordinal), $"'stopped: a' from {implementation}");

        var daemon = run.DaemonPid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var (exit, type) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon, "--mount", "/usr/bin/stat", "-c", "%F", "/dev/stdout"]);
        Assert.True(exit == 0, type);
        Assert.Equal("regular file", type.Trim());
        var (_, file) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon, "--mount", "/bin/cat", "/dev/stdout"]);
        Assert.Contains("WARN stopped: a (terminated by SIGTERM)", file, StringComparison.Ordinal);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());

        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Two handlers each log the reopen before reopening, both still writing to stdout.
        Assert.Equal(4, lines.Count(l => l.EndsWith(" INFO reopening log file", StringComparison.Ordinal)));
        Assert.Single(lines, l => l.EndsWith(" WARN stopped: a (terminated by SIGTERM)", StringComparison.Ordinal));
    }

    /// <summary>One XML-RPC call through supervisor's transport: the result's repr.</summary>
    private static string Call(SupervisorRun run, string method, params string[] jsonArgs)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Engine", "rpc_call.py");
        var (code, output) = SupervisorRun.Run(Binaries.Python, [script, run.SocketPath, method, .. jsonArgs]);
        Assert.True(code == 0, output);
        return output.TrimEnd('\n');
    }
}
