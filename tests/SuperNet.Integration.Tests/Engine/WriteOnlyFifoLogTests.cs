using System.Diagnostics;
using SuperNet.Integration.Tests.Containers;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// stdout_logfile on a named FIFO the daemon may write but not read (mode 0622 and supernetd running as nobody):
/// the read-write open that spares a spawn from waiting for a reader is refused, so the FIFO is opened for writing
/// alone, and without waiting: with no reader the program runs all the same, its lines are dropped and counted, and
/// a reader that comes later gets the lines written from then on.
/// </summary>
public sealed class WriteOnlyFifoLogTests
{
    [Fact]
    public void A_write_only_FIFO_log_gets_the_programs_lines()
    {
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_111_111);
        var fifo = dir.File("out.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", ["-m", "0622", fifo]).ExitCode);
        var received = dir.File("received.txt");
        var reader = Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{received}'");
        try
        {
            using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
                [supervisord]
                user=nobody
                logfile={dir.File("main.log")}
                pidfile={dir.File("sv.pid")}
                childlogdir={dir.Path}

                [unix_http_server]
                file={dir.File("sv.sock")}

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://{dir.File("sv.sock")}

                [program:talk]
                command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo line $i; sleep 0.1; done'
                stdout_logfile={fifo}
                stdout_logfile_maxbytes=0
                """);
            Wait.Until(() => File.Exists(received) && File.ReadAllText(received).Contains("line 3\n", StringComparison.Ordinal),
                "the program's lines at the reader");
            Assert.StartsWith("line 1\nline 2\nline 3\n", File.ReadAllText(received), StringComparison.Ordinal);
            var stop = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "stop", "talk"], TimeSpan.FromSeconds(30));
            Assert.Contains("talk: stopped", stop.Output, StringComparison.Ordinal);
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
        }
        finally
        {
            Launch.KillTree(reader);
            reader.Dispose();
        }
    }

    [Fact]
    public void With_no_reader_the_program_runs_and_the_daemon_still_answers_and_stops()
    {
        using var dir = WorldWritableDir();
        var fifo = WriteOnlyFifo(dir);
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, fifo));
        var log = dir.File("main.log");
        WaitForLog(log, "spawned: 'talk'");
        var dropped = WaitForLog(log, $"'talk' stdout log write failed, output dropped: {fifo}: no reader has the FIFO open (ENXIO)");
        Assert.Equal("ERRO", dropped.Level);
        Wait.Until(() => run.Ctl("status", "talk").Output.Contains("RUNNING", StringComparison.Ordinal), "talk RUNNING in status");
        Wait.Until(() => ProcessInfo.Get(dir.File("sv.sock"), "talk").GetProperty("dropped_lines").GetInt64() > 0, "talk's dropped lines counted");
        var stop = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "stop", "talk"], TimeSpan.FromSeconds(30));
        Assert.Contains("talk: stopped", stop.Output, StringComparison.Ordinal);
        // Said once for the spawn, not once per line.
        Assert.Single(MainLog(log), l => l.Message.Contains("ENXIO", StringComparison.Ordinal));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_line_dropped_in_two_reads_counts_once()
    {
        // The pauses make each piece a read of its own: "par" and "tial\n" are one line, "whole\n" another.
        using var dir = WorldWritableDir();
        var fifo = WriteOnlyFifo(dir);
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, fifo,
            "/bin/sh -c 'printf par; sleep 0.5; printf \"tial\\n\"; sleep 0.5; printf \"whole\\n\"'") + "\nautorestart=false\nstartsecs=0\n");
        // Its output is read to the end before its exit is judged.
        Wait.Until(() => run.Ctl("status", "talk").Output.Contains("EXITED", StringComparison.Ordinal), "talk EXITED");
        Assert.Equal(2, ProcessInfo.Get(dir.File("sv.sock"), "talk").GetProperty("dropped_lines").GetInt64());
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_reader_that_comes_later_gets_the_lines_written_from_then_on()
    {
        using var dir = WorldWritableDir();
        var fifo = WriteOnlyFifo(dir);
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, fifo));
        var log = dir.File("main.log");
        WaitForLog(log, $"{fifo}: no reader has the FIFO open (ENXIO)");
        var received = dir.File("received.txt");
        var reader = Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{received}'");
        try
        {
            Wait.Until(() => File.Exists(received) && File.ReadAllText(received).Split('\n').Length > 3, "the program's lines at the reader");
            var again = WaitForLog(log, $"supernetd's log file {fifo} has a reader again after dropping ");
            Assert.Matches(@"after dropping (\d+) lines \(talk: \1\)$", again.Message);
            // Whole lines, the first of them one that came after the dropped ones.
            var lines = File.ReadAllText(received).Split('\n');
            Assert.Matches(@"^line \d+$", lines[0]);
            Assert.NotEqual("line 1", lines[0]);
            Assert.Equal(int.Parse(lines[0][5..], System.Globalization.CultureInfo.InvariantCulture) + 1,
                int.Parse(lines[1][5..], System.Globalization.CultureInfo.InvariantCulture));
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Launch.KillTree(reader);
            reader.Dispose();
        }
    }

    /// <summary>
    /// A write-only FIFO's reader that goes away fails the queue's writes (EPIPE, said once); the queue goes on
    /// writing, so the lines reach a reader that comes next, within the same spawn, and the main log says how many were
    /// dropped meanwhile, as when the FIFO had no reader at its open (no line said so before).
    /// </summary>
    [Fact]
    public void After_the_reader_left_the_next_reader_gets_the_lines_and_the_main_log_says_how_many_were_dropped()
    {
        using var dir = WorldWritableDir();
        var fifo = WriteOnlyFifo(dir);
        var first = dir.File("first.txt");
        // The shell's read takes a byte at a time from a pipe: the reader leaves with nothing taken past its three lines.
        var reader = Launch.Start("/bin/sh", "-c", $"exec < '{fifo}'; for i in 1 2 3; do read l; echo \"$l\"; done > '{first}'");
        Process? next = null;
        try
        {
            using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, fifo));
            var log = dir.File("main.log");
            Assert.True(reader.WaitForExit(30_000), "the first reader did not take its three lines");
            Assert.Equal("line 1\nline 2\nline 3\n", File.ReadAllText(first));
            var failed = WaitForLog(log, $"supernetd's log file {fifo} cannot be written (");
            Assert.Equal("ERRO", failed.Level);
            var second = dir.File("second.txt");
            next = Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{second}'");
            var again = WaitForLog(log, $"supernetd's log file {fifo} has a reader again after dropping ");
            Assert.Equal("WARN", again.Level);
            var count = System.Text.RegularExpressions.Regex.Match(again.Message, @"after dropping (\d+) lines \(talk: \1\)$");
            Assert.True(count.Success, again.Message);
            var dropped = long.Parse(count.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(dropped > 0, again.Message);
            Assert.Equal(dropped, ProcessInfo.Get(dir.File("sv.sock"), "talk").GetProperty("dropped_lines").GetInt64());
            // The lines neither reader got are the ones counted: what the FIFO still held went to the second.
            Wait.Until(() => File.ReadAllText(second).Split('\n').Length > 3, "lines at the second reader");
            var numbers = (File.ReadAllText(first) + File.ReadAllText(second)).Split('\n')[..^1]
                .Select(l => int.Parse(l[5..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(numbers.Order(), numbers);
            Assert.Equal(dropped, numbers[^1] - numbers.Count);
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Launch.KillTree(reader);
            reader.Dispose();
            if (next is not null)
            {
                Launch.KillTree(next);
                next.Dispose();
            }
        }
    }

    private static TempDir WorldWritableDir()
    {
        var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_111_111);
        return dir;
    }

    // Owned by root, mode 0622: supernetd running as nobody may write it but not read it.
    private static string WriteOnlyFifo(TempDir dir)
    {
        var fifo = dir.File("out.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", ["-m", "0622", fifo]).ExitCode);
        return fifo;
    }

    // Every file is in the test's own world-writable directory: supernetd, running as nobody, creates them.
    private static IEnumerable<LogLine> MainLog(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Select(LogLine.Parse).OfType<LogLine>() : [];

    private static LogLine WaitForLog(string path, string fragment)
    {
        LogLine? found = null;
        Wait.Until(() => (found = MainLog(path).FirstOrDefault(l => l.Message.Contains(fragment, StringComparison.Ordinal))) is not null,
            $"main-log line '{fragment}'");
        return found!;
    }

    private static string Config(TempDir dir, string fifo, string command = "/bin/sh -c 'i=0; while true; do i=$((i+1)); echo line $i; sleep 0.1; done'") => $$"""
        [supervisord]
        user=nobody
        logfile={{dir.File("main.log")}}
        pidfile={{dir.Path}}/sv.pid
        childlogdir={{dir.Path}}

        [unix_http_server]
        file={{dir.Path}}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{{dir.Path}}/sv.sock

        [program:talk]
        command={{command}}
        stdout_logfile={{fifo}}
        stdout_logfile_maxbytes=0
        """;
}
