using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// A program's own log file (stdout_logfile=) is a FIFO whose reader has stopped reading (a stuck log shipper): the
/// other programs' output still reaches their logs, requests are answered, the lines that do not fit are dropped,
/// counted and reported in the main log, and SIGTERM ends the daemon. supernetd's output pump wrote that FIFO
/// directly, so once it was full the pump waited in that write for good and every program's output stopped with it.
/// supervisord 4.2.5 waits there for good too, its whole loop with it (docs/compatibility.md).
/// </summary>
public sealed class BlockedChildLogTests
{
    // Opens the FIFO for reading (without waiting for a writer) and reads nothing until the drain file appears; then
    // copies everything it reads to the output file, until every writer has closed it.
    private const string Reader = """
        import os, sys, time
        fifo, out, opened, drain = sys.argv[1:5]
        r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        open(opened, 'w').close()
        while not os.path.exists(drain):
            time.sleep(0.05)
        os.set_blocking(r, True)
        with open(out, 'ab', buffering=0) as f:
            while True:
                data = os.read(r, 65536)
                if not data:
                    break
                f.write(data)
        """;

    // 50 lines a write: under PIPE_BUF, so a write is never cut by the program's end.
    private const string FloodLine = "flood line for a reader that stopped reading";

    [Fact]
    public void A_program_logging_to_a_FIFO_nobody_reads_holds_up_neither_other_logs_nor_requests_nor_shutdown()
    {
        using var run = new FifoRun();
        // The FIFO's 64 KiB fill at once; from then on the flood's lines can only be dropped.
        Wait.Until(() => run.MainLog().Contains(
                $"WARN supernetd's log file {run.Fifo} is not keeping up: dropping whole lines (first from flood) until it does", StringComparison.Ordinal),
            "the main log saying that the FIFO's lines are dropped", TimeSpan.FromSeconds(30));
        Wait.Until(() => ProcessInfo.Get(run.Socket, "flood").GetProperty("dropped_lines").GetInt64() > 0, "the flood's dropped lines counted");

        var steady = run.SteadyLines();
        Wait.Until(() => run.SteadyLines() >= steady + 10, "the steady program's log growing while the FIFO is full", TimeSpan.FromSeconds(30));
        var status = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.Config, "status"], TimeSpan.FromSeconds(20));
        Assert.Matches(@"flood\s+RUNNING", status.Output);
        Assert.Matches(@"steady\s+RUNNING", status.Output);
        run.AssertShutdown();
    }

    [Fact]
    public void A_FIFO_log_whose_reader_comes_back_gets_whole_lines_and_the_drops_are_summed_up()
    {
        using var run = new FifoRun();
        Wait.Until(() => ProcessInfo.Get(run.Socket, "flood").GetProperty("dropped_lines").GetInt64() > 0, "the flood's dropped lines counted",
            TimeSpan.FromSeconds(30));
        // Stopped first, so that the queue empties once read: the summary comes when nothing is left to write.
        var stop = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.Config, "stop", "flood"], TimeSpan.FromSeconds(20));
        Assert.Contains("flood: stopped", stop.Output, StringComparison.Ordinal);
        run.Drain();
        Wait.Until(() => Regex.IsMatch(run.MainLog(), $@"WARN supernetd's log file {Regex.Escape(run.Fifo)} caught up after dropping \d+ lines \(flood: \d+\)"),
            "the drop summary once the reader reads again", TimeSpan.FromSeconds(30));
        run.AssertShutdown(drained: true);
        var lines = run.Received().Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.All(lines[..^1], line => Assert.Equal(FloodLine, line));
    }

    /// <summary>
    /// Nobody has the FIFO open when flood spawns: an open for writing alone would wait for a reader (supervisord 4.2.5
    /// waits there for good, before it even forks), so supernetd opens it for reading and writing, which never waits.
    /// The lines wait in the FIFO and the queue, and a reader that comes later gets them whole.
    /// </summary>
    [Fact]
    public void A_FIFO_log_nobody_has_open_at_the_spawn_holds_up_nothing_and_a_later_reader_gets_whole_lines()
    {
        using var run = new FifoRun(readerFirst: false);
        Wait.Until(() => ProcessInfo.Get(run.Socket, "flood").GetProperty("dropped_lines").GetInt64() > 0, "the flood's dropped lines counted",
            TimeSpan.FromSeconds(30));
        var steady = run.SteadyLines();
        Wait.Until(() => run.SteadyLines() >= steady + 10, "the steady program's log growing while the FIFO has no reader", TimeSpan.FromSeconds(30));
        var stop = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.Config, "stop", "flood"], TimeSpan.FromSeconds(20));
        Assert.Contains("flood: stopped", stop.Output, StringComparison.Ordinal);
        run.StartReader();
        run.Drain();
        Wait.Until(() => run.Received().Length > 0, "the lines that waited for a reader");
        run.AssertShutdown(drained: true);
        var lines = run.Received().Split('\n');
        Assert.Equal("", lines[^1]);
        Assert.All(lines[..^1], line => Assert.Equal(FloodLine, line));
    }

    /// <summary>supernetd with flood logging to a FIFO whose reader opened it and reads nothing, steady to a regular file.</summary>
    private sealed class FifoRun : IDisposable
    {
        private readonly TempDir dir = new();
        private readonly Process daemon;
        private readonly string steadyLog;
        private Process? reader;

        /// <param name="readerFirst">The reader opens the FIFO before supernetd starts; else only at <see cref="StartReader"/>.</param>
        public FifoRun(bool readerFirst = true)
        {
            Fifo = dir.File("shipper.fifo");
            Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [Fifo]).ExitCode);
            Socket = dir.File("sv.sock");
            steadyLog = dir.File("steady.log");
            var steady = dir.Write("steady.sh", "i=0; while :; do i=$((i+1)); echo \"steady $i\"; sleep 0.05; done\n");
            var flood = dir.Write("flood.py", $"import os\nwhile True:\n    os.write(1, b'{FloodLine}\\n' * 50)\n");
            Config = dir.Write("supervisord.conf", $"""
                [supervisord]
                nodaemon=true
                logfile={dir.File("main.log")}
                logfile_maxbytes=0
                pidfile={dir.File("sv.pid")}
                childlogdir={dir.Path}

                [unix_http_server]
                file={Socket}

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://{Socket}

                [program:flood]
                command={Binaries.Python} {flood}
                stdout_logfile={Fifo}
                stdout_logfile_maxbytes=0
                startsecs=0

                [program:steady]
                command=/bin/sh {steady}
                stdout_logfile={steadyLog}
                startsecs=0
                """);
            if (readerFirst)
                StartReader();
            daemon = Launch.Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{Config}' > '{dir.File("stdout.txt")}' 2> '{dir.File("stderr.txt")}'");
        }

        public void StartReader()
        {
            var opened = dir.File("opened");
            reader = Launch.Start(Binaries.Python, dir.Write("reader.py", Reader), Fifo, dir.File("received.txt"), opened, dir.File("drain"));
            Wait.Until(() => File.Exists(opened), "the reader holding the FIFO open");
        }

        public string Fifo { get; }
        public string Config { get; }
        public string Socket { get; }

        public string MainLog() => File.Exists(dir.File("main.log")) ? File.ReadAllText(dir.File("main.log")) : "";

        public int SteadyLines() => File.Exists(steadyLog) ? File.ReadAllLines(steadyLog).Length : 0;

        public void Drain() => File.WriteAllText(dir.File("drain"), "");

        public string Received() => File.Exists(dir.File("received.txt")) ? File.ReadAllText(dir.File("received.txt")) : "";

        /// <summary>SIGTERM ends the daemon with status 0 in bounded time; a reader that reads then sees the FIFO's end.</summary>
        public void AssertShutdown(bool drained = false)
        {
            Assert.False(daemon.HasExited, "supernetd exited early");
            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(20_000), $"supernetd did not exit on SIGTERM (the FIFO {(drained ? "read again" : "still full")})");
            Assert.Equal(0, daemon.ExitCode);
            if (drained)
                Assert.True(reader!.WaitForExit(20_000), "the reader did not see the end of the FIFO");
        }

        public void Dispose()
        {
            Launch.KillTree(daemon);
            if (reader is not null)
            {
                Launch.KillTree(reader);
                reader.Dispose();
            }
            daemon.Dispose();
            dir.Dispose();
        }
    }
}
