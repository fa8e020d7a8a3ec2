using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// The main log's logfile is supernetd's own stdout or stderr (silent=true with /dev/stdout, or /dev/stderr), or a
/// FIFO named by its own path, and that is a pipe nobody reads (a stuck log shipper): the daemon still restarts
/// programs, answers requests and shuts down; main-log lines that do not fit the queue are dropped and counted.
/// supernetd wrote that file copy directly, so its first line blocked the supervisor thread for good (it never even
/// bound its socket). supervisord 4.2.5 does block so, on a FIFO logfile as on the others.
/// </summary>
public sealed class BlockedMainLogTests
{
    // Fills the stdout queue so that the main log's lines meet it full.
    private const string FloodProgram = """
        [program:flood]
        command=/usr/bin/python3 -c "import os; [os.write(1, b'flood line that nobody reads\n' * 100) for _ in iter(int, 1)]"
        stdout_logfile=stdout
        log_prefix=%(program_name)s |
        """;

    private const string FloodLine = "flood | flood line that nobody reads";
    private static readonly Regex MainLogLine = new(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) [A-Z]{4} ");

    [Theory]
    [InlineData("/dev/stdout", 1)]
    [InlineData("/dev/stderr", 2)]
    [InlineData(BlockedRun.TheFifo, 0)]
    public void A_main_log_on_a_pipe_nobody_reads_holds_up_neither_restarts_nor_requests_nor_shutdown(string logfile, int fd)
    {
        using var run = new BlockedRun(logfile, fd, flood: false);
        run.WaitForRuns(4);
        var status = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", run.Config, "status"], TimeSpan.FromSeconds(20));
        Assert.Matches(@"sleeper\s+RUNNING", status.Output);
        Assert.Contains("crash", status.Output, StringComparison.Ordinal);
        var stop = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.Config, "stop", "sleeper"], TimeSpan.FromSeconds(20));
        Assert.Contains("sleeper: stopped", stop.Output, StringComparison.Ordinal);
        // Restarts go on after the request, the pipe still full.
        run.WaitForRuns(run.Runs + 2);
        run.AssertShutdown();
    }

    [Fact]
    public void Main_log_lines_dropped_while_stdout_is_not_read_are_counted_once_it_drains_and_nothing_is_torn()
    {
        using var run = new BlockedRun("/dev/stdout", 1, flood: true);
        Wait.Until(() => ProcessInfo.Get(run.Socket, "flood").GetProperty("dropped_lines").GetInt64() > 0,
            "the flood's lines dropped on the full stdout queue");
        // The crash loop's lines now meet a full queue.
        run.WaitForRuns(run.Runs + 2);
        var stop = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", run.Config, "stop", "flood"], TimeSpan.FromSeconds(20));
        Assert.Contains("flood: stopped", stop.Output, StringComparison.Ordinal);

        run.Drain();
        var caughtUp = new Regex(@"WARN supernetd's stdout caught up after dropping (\d+) lines \((.*)\)$", RegexOptions.Multiline);
        var report = Wait.For(() => caughtUp.Match(run.Received()) is { Success: true } m ? m : null,
            "the drop report once stdout drains", TimeSpan.FromSeconds(60));
        var mainLogDrops = Regex.Match(report.Groups[2].Value, @"\bsupervisord: (\d+)");
        Assert.True(mainLogDrops.Success, report.Value);
        Assert.True(long.Parse(mainLogDrops.Groups[1].Value) > 0, report.Value);

        // Once drained, lines flow again: the crash loop's next ones arrive.
        var before = run.Received().Split('\n').Count(l => l.Contains("exited: crash ", StringComparison.Ordinal));
        Wait.Until(() => run.Received().Split('\n').Count(l => l.Contains("exited: crash ", StringComparison.Ordinal)) > before,
            "the crash loop's lines after the drain");

        run.AssertShutdown(drained: true);
        var lines = run.Received().Split('\n');
        Assert.Equal("", lines[^1]);
        string? last = null;
        foreach (var line in lines[..^1])
        {
            if (line == "filler" || (line.StartsWith("flood | ", StringComparison.Ordinal) && FloodLine.StartsWith(line, StringComparison.Ordinal)))
                continue;
            // Anything else is a main-log line, whole, and in the order it was logged.
            var match = MainLogLine.Match(line);
            Assert.True(match.Success, $"a torn line on stdout: {line}");
            var stamp = match.Groups[1].Value;
            Assert.True(last is null || string.CompareOrdinal(last, stamp) <= 0, $"out of order: {line} after {last}");
            last = stamp;
        }
    }

    // SIGUSR2 reopens the main log: on a stream (fd 1 or 2) there is nothing to reopen, and the request's line waits
    // in the queue with the others until the reader reads again. A FIFO named by its path was closed and opened
    // again: the close gave up on the stopped reader after 2 s and lost every line in its queue, unreported.
    [Theory]
    [InlineData("/dev/stdout", 1)]
    [InlineData("/dev/stderr", 2)]
    [InlineData(BlockedRun.TheFifo, 0)]
    public void SIGUSR2_while_the_main_log_is_stuck_holds_up_nothing_and_its_lines_arrive_once_it_drains(string logfile, int fd)
    {
        using var run = new BlockedRun(logfile, fd, flood: false);
        run.WaitForRuns(4);
        for (var i = 0; i < 3; i++)
            run.Signal(12);
        run.WaitForRuns(run.Runs + 2);
        var status = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.Config, "status", "sleeper"], TimeSpan.FromSeconds(20));
        Assert.Matches(@"sleeper\s+RUNNING", status.Output);
        run.Drain();
        // Signals sent before the first is handled merge into one: at least one request is logged.
        Wait.Until(() => run.Received().Contains("INFO received SIGUSR2 indicating log reopen request", StringComparison.Ordinal),
            "the reopen request's line once the reader reads");
        var before = run.Received().Split('\n').Count(l => l.Contains("exited: crash ", StringComparison.Ordinal));
        Wait.Until(() => run.Received().Split('\n').Count(l => l.Contains("exited: crash ", StringComparison.Ordinal)) > before,
            "the crash loop's lines after the reopens");
        run.AssertShutdown(drained: true);
        Assert.All(run.Received().Split('\n')[..^1].Where(l => l != "filler"), l => Assert.Matches(MainLogLine, l));
    }

    [Fact]
    public void A_main_log_FIFO_whose_reader_comes_back_gets_the_queued_lines_in_order_and_its_end_at_exit()
    {
        using var run = new BlockedRun(BlockedRun.TheFifo, 0, flood: false);
        run.WaitForRuns(4);
        run.Drain();
        // Lines logged while nobody read come out first, then the ones logged since.
        Wait.Until(() => run.Received().Contains("success: sleeper entered RUNNING state", StringComparison.Ordinal), "the queued start-up lines");
        var before = run.Runs;
        Wait.Until(() => run.Received().Split('\n').Count(l => l.Contains("exited: crash ", StringComparison.Ordinal)) > before,
            "the crash loop's lines logged after the drain");
        run.AssertShutdown(drained: true);
        var lines = run.Received().Split('\n');
        Assert.Equal("", lines[^1]);
        string? last = null;
        foreach (var line in lines[..^1].Where(l => l != "filler"))
        {
            var match = MainLogLine.Match(line);
            Assert.True(match.Success, $"a torn line in the FIFO: {line}");
            Assert.True(last is null || string.CompareOrdinal(last, match.Groups[1].Value) <= 0, $"out of order: {line} after {last}");
            last = match.Groups[1].Value;
        }
    }

    /// <summary>
    /// supernetd with its main log on a FIFO that is full before it starts and nobody reads: reached through fd
    /// <c>fd</c>, or with <c>fd</c> 0, through the FIFO's own path (<see cref="TheFifo"/>).
    /// </summary>
    private sealed class BlockedRun : IDisposable
    {
        public const string TheFifo = "{FIFO}";

        private readonly TempDir dir = new();
        private readonly Process blocker;
        private readonly Process daemon;
        private readonly string runs;

        public BlockedRun(string logfile, int fd, bool flood)
        {
            var fifo = dir.File("stream.fifo");
            Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
            runs = dir.File("runs");
            Socket = dir.File("sv.sock");
            Config = dir.Write("supervisord.conf", $"""
                [supervisord]
                nodaemon=true
                silent={(fd == 1 ? "true" : "false")}
                logfile={logfile.Replace(TheFifo, fifo, StringComparison.Ordinal)}
                logfile_maxbytes=0
                pidfile={dir.File("sv.pid")}
                childlogdir={dir.Path}

                [unix_http_server]
                file={Socket}

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://{Socket}

                [program:crash]
                command=/bin/sh -c "echo run >> {runs}; exit 1"
                startsecs=0
                autorestart=true

                [program:sleeper]
                command=/bin/sleep 1000
                startsecs=0

                {(flood ? FloodProgram : "")}
                """);
            blocker = FifoBlocker.Start(dir, fifo, dir.File("received.txt"));
            var redirect = fd switch
            {
                1 => $"> '{fifo}' 2> '{dir.File("stderr.txt")}'",
                2 => $"> '{dir.File("stdout.txt")}' 2> '{fifo}'",
                _ => $"> '{dir.File("stdout.txt")}' 2> '{dir.File("stderr.txt")}'",
            };
            daemon = Launch.Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{Config}' {redirect}");
        }

        public string Config { get; }
        public string Socket { get; }

        public int Runs => File.Exists(runs) ? File.ReadAllLines(runs).Length : 0;

        public void WaitForRuns(int count) =>
            Wait.Until(() => Runs >= count || daemon.HasExited, $"{count} runs of the crash-looping program", TimeSpan.FromSeconds(30));

        public void Drain() => FifoBlocker.Drain(dir);

        public void Signal(int signal) => Assert.Equal(0, Native.kill(daemon.Id, signal));

        public string Received() => File.Exists(dir.File("received.txt")) ? File.ReadAllText(dir.File("received.txt")) : "";

        /// <summary>SIGTERM ends the daemon with status 0 in bounded time, its stream still full unless <paramref name="drained"/>.</summary>
        public void AssertShutdown(bool drained = false)
        {
            Assert.False(daemon.HasExited, "supernetd exited early");
            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(20_000), $"supernetd did not exit on SIGTERM (its stream {(drained ? "drained" : "still full")})");
            Assert.Equal(0, daemon.ExitCode);
            if (drained)
                Assert.True(blocker.WaitForExit(20_000), "the reader did not see the end of the stream");
        }

        public void Dispose()
        {
            Launch.KillTree(daemon);
            Launch.KillTree(blocker);
            daemon.Dispose();
            blocker.Dispose();
            dir.Dispose();
        }
    }
}
