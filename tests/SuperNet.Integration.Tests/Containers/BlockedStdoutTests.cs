using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// supernetd's stdout is a pipe nobody reads, or one read slowly: programs logging elsewhere, the daemon and its API
/// carry on at their own pace; a stuck consumer costs whole lines, dropped and counted.
/// </summary>
public sealed class BlockedStdoutTests
{
    // Writes "tick N", waits until its own log file ends with that line, and goes on: how fast it ticks is how
    // quickly the daemon captures a program that logs to a file.
    private const string Ticker = """
        import os, sys, time
        path, i = sys.argv[1], 0
        while True:
            line = ('tick %d\n' % i).encode()
            os.write(1, line)
            while True:
                try:
                    with open(path, 'rb') as f:
                        if f.read().endswith(line):
                            break
                except FileNotFoundError:
                    pass
                time.sleep(0.005)
            i += 1
        """;

    // Takes about 30 MB/s from stdin (slower than the flood, fast enough never to look stuck), keeping only the lines that are not the flood's whole line.
    private const string SlowReader = """
        import os, sys, time
        flood = b'flood | flood line that nobody reads'
        out, rest = open(sys.argv[1], 'ab', buffering=0), b''
        # Opened here, not by a shell before Python starts: the consumer is reading from supernetd's first write.
        fifo = os.open(sys.argv[2], os.O_RDONLY)
        while True:
            data = os.read(fifo, 65536)
            if not data:
                break
            lines = (rest + data).split(b'\n')
            rest = lines.pop()
            out.write(b''.join(l + b'\n' for l in lines if l != flood))
            time.sleep(0.002)
        """;

    private static readonly Regex MainLogLine = new(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} ");

    [Fact]
    public void A_stdout_nobody_reads_leaves_the_daemon_and_other_programs_responsive_and_counts_drops()
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        var config = Config(dir);
        // The reader holds the pipe open and never reads.
        using var reader = Launch.Start("/bin/sh", "-c", $"exec sleep 600 < '{fifo}'");
        using var daemon = Launch.Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{config}' > '{fifo}' 2> '{dir.File("stderr.txt")}'");
        try
        {
            var log = new MainLogFile(dir.File("main.log"));
            log.WaitFor("supernetd's stdout is not keeping up: dropping whole lines (first from flood) until it does");

            // The API answers and the other program's output keeps flowing to its file.
            // Drops can begin inside startsecs, so RUNNING is awaited rather than expected at once.
            Wait.Until(() =>
            {
                var status = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", config, "status"], TimeSpan.FromSeconds(20));
                return Regex.IsMatch(status.Output, @"flood\s+RUNNING") && Regex.IsMatch(status.Output, @"ticker\s+RUNNING");
            }, "flood and ticker RUNNING while stdout is blocked", TimeSpan.FromSeconds(30));
            // Nobody reads this stdout: a pump that waited on it would stop the ticker outright, so the deadline is
            // the generous one (the python flood and ticker share a loaded machine's two cores: the whole test took
            // 27 s at load 29, 15 s at load 23). The slow-consumer test keeps the tight one, which tells pace apart.
            AssertTickerKeepsItsPace(dir, Wait.Default);

            // The count is live, in getProcessInfo; a program not logging to stdout has no such member.
            Assert.True(ProcessInfo.Get(dir.File("sv.sock"), "flood").GetProperty("dropped_lines").GetInt64() > 0);
            Assert.False(ProcessInfo.Get(dir.File("sv.sock"), "ticker").TryGetProperty("dropped_lines", out _));

            var stop = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", config, "stop", "flood"], TimeSpan.FromSeconds(20));
            Assert.Contains("flood: stopped", stop.Output);

            // Shutdown still completes: the queued lines are given up after a bounded wait.
            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(20_000), "supernetd did not exit with its stdout blocked");
            Assert.Equal(0, daemon.ExitCode);
        }
        finally
        {
            Launch.KillTree(daemon);
            Launch.KillTree(reader);
        }
    }

    [Fact]
    public void A_slow_stdout_consumer_paces_only_the_programs_writing_there_and_gets_whole_lines()
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        var config = Config(dir);
        var received = dir.File("received.txt");
        using var reader = Launch.Start(Binaries.Python, dir.Write("reader.py", SlowReader), received, fifo);
        using var daemon = Launch.Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{config}' > '{fifo}' 2> '{dir.File("stderr.txt")}'");
        try
        {
            Wait.Until(() => File.Exists(received) && File.ReadAllText(received).Contains("success: ticker entered RUNNING"),
                "ticker RUNNING, as the slow consumer sees the main log", TimeSpan.FromSeconds(30));
            AssertTickerKeepsItsPace(dir, TimeSpan.FromSeconds(40));
            // A consumer that keeps reading, however slowly, loses nothing: the flood waited on its own pipe.
            Assert.Equal(0, ProcessInfo.Get(dir.File("sv.sock"), "flood").GetProperty("dropped_lines").GetInt64());

            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(20_000), "supernetd did not exit");
            Assert.Equal(0, daemon.ExitCode);
            Assert.True(reader.WaitForExit(20_000), "the reader did not see the end of supernetd's stdout");
            // Apart from the flood's own whole lines, only the main log's echo reached stdout: nothing torn.
            var others = File.ReadAllLines(received);
            Assert.All(others, line => Assert.Matches(MainLogLine, line));
        }
        finally
        {
            Launch.KillTree(daemon);
            Launch.KillTree(reader);
        }
    }

    // A consumer that is slow but keeps reading: takes argv[3] bytes at a time, pausing argv[4] seconds after each.
    private const string ThrottledReader = """
        import os, sys, time
        out = open(sys.argv[1], 'ab', buffering=0)
        fifo = os.open(sys.argv[2], os.O_RDONLY)
        size, pause = int(sys.argv[3]), float(sys.argv[4])
        while True:
            data = os.read(fifo, size)
            if not data:
                break
            out.write(data)
            time.sleep(pause)
        """;

    [Fact]
    public void At_shutdown_a_slow_consumer_still_gets_every_line_queued_for_it()
    {
        const int Lines = 10_000;
        // About 1.1 MB, queued at once (under the point where the program would be paused): at about 160 KB/s it
        // takes some 7 s to write out, longer than any fixed wait a shutdown could afford.
        var ours = ProgramOutputAfterShutdown(dir => $"{Writers.Install(dir)} w1 {Lines}", readSize: 16384, pause: "0.1");
        Writers.AssertComplete(ours.Select(l => Writers.Parse(l) ?? throw new Xunit.Sdk.XunitException($"torn line: {l}")), ["w1"], Lines);
    }

    [Fact]
    public void At_shutdown_lines_waiting_in_a_pipe_paused_for_a_slow_consumer_are_still_written()
    {
        // 10 MB at once and a last line: more than the queue and the grown pipe hold, so the program's last
        // writes wait in its pipe, paused, when it exits; the consumer takes 64 KiB twenty times a second.
        var ours = ProgramOutputAfterShutdown(
            _ => Binaries.Python + " -c \"import os; [os.write(1, (b'y' * 99 + b'\\n') * 1000) for _ in range(100)]; os.write(1, b'last line\\n')\"",
            readSize: 65536, pause: "0.05");
        Assert.Equal(100_000, ours.Count(l => l == new string('y', 99)));
        Assert.Equal("last line", ours[^1]);
        Assert.Equal(100_001, ours.Count);
    }

    /// <summary>
    /// Runs one program (named w1) logging to supernetd's stdout, read by a throttled consumer; once it has exited,
    /// stops supernetd and returns the lines the consumer got, the main log's echo left out.
    /// </summary>
    private static List<string> ProgramOutputAfterShutdown(Func<TempDir, string> command, int readSize, string pause)
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}

            [program:w1]
            command={command(dir)}
            startsecs=0
            autorestart=false
            stdout_logfile=stdout
            """);
        var received = dir.File("received.txt");
        using var reader = Launch.Start(Binaries.Python, dir.Write("reader.py", ThrottledReader), received, fifo, readSize.ToString(), pause);
        using var daemon = Launch.Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{config}' > '{fifo}' 2> '{dir.File("stderr.txt")}'");
        try
        {
            new MainLogFile(dir.File("main.log")).WaitFor("exited: w1 (exit status 0; expected)");
            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(60_000), "supernetd did not exit");
            Assert.Equal(0, daemon.ExitCode);
            Assert.True(reader.WaitForExit(20_000), "the reader did not see the end of supernetd's stdout");
            return [.. File.ReadAllLines(received).Where(l => !MainLogLine.IsMatch(l))];
        }
        finally
        {
            Launch.KillTree(daemon);
            Launch.KillTree(reader);
        }
    }

    private static string Config(TempDir dir) => dir.Write("supervisord.conf", $"""
        [supervisord]
        nodaemon=true
        logfile={dir.File("main.log")}
        pidfile={dir.File("sv.pid")}
        childlogdir={dir.Path}

        [unix_http_server]
        file={dir.File("sv.sock")}

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{dir.File("sv.sock")}

        [program:flood]
        command=/usr/bin/python3 -c "import os; [os.write(1, b'flood line that nobody reads\n' * 100) for _ in iter(int, 1)]"
        stdout_logfile=stdout
        log_prefix=%(program_name)s |

        [program:ticker]
        command={Binaries.Python} {dir.Write("ticker.py", Ticker)} {dir.File("ticker.log")}
        stdout_logfile={dir.File("ticker.log")}
        """);

    // Capture that waited on stdout (as when the pump itself waited for room) would cost every tick up to the
    // consumer's pace (measured: 65 a second with a 30 MB/s consumer); independent of it, 3000 take a few seconds.
    private static void AssertTickerKeepsItsPace(TempDir dir, TimeSpan deadline) =>
        Wait.Until(() => File.Exists(dir.File("ticker.log")) && File.ReadAllText(dir.File("ticker.log")).Contains("tick 3000\n"),
            "ticker to complete 3000 capture round trips while the flood fills stdout", deadline);

    private sealed class MainLogFile(string path)
    {
        public void WaitFor(string fragment) =>
            Wait.Until(() => File.Exists(path) && File.ReadAllText(path).Contains(fragment, StringComparison.Ordinal),
                $"'{fragment}' in the main log", TimeSpan.FromSeconds(30));
    }
}
