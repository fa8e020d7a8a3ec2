using System.Diagnostics;
using SuperNet.Integration.Tests.Containers;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// [supervisord] logfile= on a named FIFO with no reader, at start-up or at a SIGUSR2 that finds another FIFO at its
/// path: supervisord 4.2.5 waits in its open, before it serves anything, and so did supernetd (its write-only open
/// waited, even as root). As root the FIFO is opened for reading and writing, so the lines wait in the FIFO; as a user
/// that may only write it (mode 0622, user=nobody) the lines are held by the log until a reader comes. Either way the
/// daemon serves at once and the reader gets them.
/// </summary>
public sealed class MainLogFifoTests
{
    public static TheoryData<string, string> Users => new()
    {
        { "root", "0600" },
        { "nobody", "0622" },
    };

    [Theory]
    [MemberData(nameof(Users))]
    public void A_main_log_FIFO_with_no_reader_does_not_stop_the_daemon_from_serving(string user, string mode)
    {
        using var dir = WorldWritableDir();
        var fifo = Fifo(dir, mode);
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, user, fifo));
        var received = dir.File("received.txt");
        Process? reader = null;
        try
        {
            Wait.Until(() => run.Ctl("status", "blink").Output.Contains("blink", StringComparison.Ordinal), "an answer to status with no reader");
            reader = Cat(fifo, received);
            // Lines from before the reader came (kept in the FIFO or held by the log), then later ones.
            Wait.Until(() => Text(received).Contains("supervisord started with pid", StringComparison.Ordinal)
                && Text(received).Contains("exited: blink", StringComparison.Ordinal), "the main log's lines at the reader");
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Stop(reader);
        }
    }

    /// <summary>
    /// A rotation script moves the FIFO away and puts a new one, with no reader yet, at the path; SIGUSR2 reopens the
    /// log there. The lines before the reopen reach the old FIFO's reader, which then sees its end; the daemon goes on
    /// serving; the lines after it wait (in the FIFO as root, held by the log as nobody) for the new FIFO's reader, and
    /// none is lost between the two.
    /// </summary>
    [Theory]
    [MemberData(nameof(Users))]
    public void SIGUSR2_that_finds_another_FIFO_with_no_reader_waits_for_nothing_and_its_reader_gets_every_line(string user, string mode)
    {
        using var dir = WorldWritableDir();
        var fifo = Fifo(dir, mode);
        var first = dir.File("first.txt");
        var second = dir.File("second.txt");
        var firstReader = Cat(fifo, first);
        Process? secondReader = null;
        try
        {
            using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, user, fifo));
            Wait.Until(() => Text(first).Contains("exited: blink", StringComparison.Ordinal), "the main log at the first FIFO's reader");
            File.Move(fifo, fifo + ".1");
            Fifo(dir, mode);
            run.Signal(12);
            Assert.True(firstReader.WaitForExit(30_000), "the old FIFO was not let go at the reopen");
            Assert.Contains("INFO received SIGUSR2 indicating log reopen request", Text(first), StringComparison.Ordinal);
            var runs = Runs(dir);
            Wait.Until(() => Runs(dir) >= runs + 3, "blink restarted with nobody reading the new FIFO");
            var restart = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "restart", "sleeper"], TimeSpan.FromSeconds(30));
            Assert.Contains("sleeper: started", restart.Output, StringComparison.Ordinal);

            secondReader = Cat(fifo, second);
            Wait.Until(() => Text(second).Contains("stopped: sleeper", StringComparison.Ordinal)
                && Text(second).Split('\n').Count(l => l.Contains("exited: blink", StringComparison.Ordinal)) >= 2, "the new FIFO's lines at its reader");
            AssertBlinkCyclesWhole(Text(first) + Text(second));
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Stop(firstReader);
            Stop(secondReader);
        }
    }

    /// <summary>
    /// The lines a write-only main log FIFO held while it had no reader are written once one opens it; that reader may
    /// read nothing, with the FIFO full already. supernetd wrote them on the supervisor thread, which then waited in
    /// that write: no program was restarted and no request that needs it was answered until the reader read.
    /// </summary>
    [Fact]
    public void Held_lines_meeting_a_reader_that_reads_nothing_hold_up_nothing_and_reach_it_once_it_reads()
    {
        using var dir = WorldWritableDir();
        var fifo = Fifo(dir, "0622");
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config(dir, "nobody", fifo));
        var received = dir.File("received.txt");
        Process? blocker = null;
        try
        {
            Wait.Until(() => run.Ctl("status", "blink").Output.Contains("blink", StringComparison.Ordinal), "an answer to status with no reader");
            blocker = FifoBlocker.Start(dir, fifo, received);
            var daemon = run.DaemonPid;
            Wait.Until(() => HasOpen(daemon, fifo), "the main log opened once its FIFO had a reader");
            var runs = Runs(dir);
            Wait.Until(() => Runs(dir) >= runs + 3, "blink restarted while the FIFO's reader reads nothing");
            Assert.Matches(@"blink\s+(RUNNING|STARTING|EXITED)", run.Ctl("status", "blink").Output);
            var restart = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "restart", "sleeper"], TimeSpan.FromSeconds(30));
            Assert.Contains("sleeper: started", restart.Output, StringComparison.Ordinal);

            FifoBlocker.Drain(dir);
            Wait.Until(() => Text(received).Contains("stopped: sleeper", StringComparison.Ordinal), "the lines logged while the reader read nothing");
            var text = Text(received);
            Assert.True(text.IndexOf("supervisord started with pid", StringComparison.Ordinal) < text.IndexOf("stopped: sleeper", StringComparison.Ordinal),
                "the held lines came after later ones");
            AssertBlinkCyclesWhole(text);
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Stop(blocker);
        }
    }

    // blink's lines come in cycles (spawned, success, exited): a line lost anywhere breaks one.
    private static void AssertBlinkCyclesWhole(string log)
    {
        string[] cycle = ["spawned: 'blink' with pid", "success: blink entered RUNNING state", "exited: blink (exit status 0; expected)"];
        var kinds = log.Split('\n').Where(l => l.Contains("blink", StringComparison.Ordinal))
            .Select(l => Array.FindIndex(cycle, c => l.Contains(c, StringComparison.Ordinal))).ToList();
        Assert.DoesNotContain(-1, kinds);
        for (var i = 1; i < kinds.Count; i++)
            Assert.True(kinds[i] == (kinds[i - 1] + 1) % 3, $"a blink line is missing before line {i} of {kinds.Count}:\n{log}");
    }

    private static bool HasOpen(int pid, string path) =>
        Directory.EnumerateFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget == path);

    private static TempDir WorldWritableDir()
    {
        var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_111_111);
        return dir;
    }

    private static string Fifo(TempDir dir, string mode)
    {
        var fifo = dir.File("main.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", ["-m", mode, fifo]).ExitCode);
        return fifo;
    }

    private static Process Cat(string fifo, string output) => Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{output}'");

    private static void Stop(Process? reader)
    {
        if (reader is null)
            return;
        Launch.KillTree(reader);
        reader.Dispose();
    }

    private static string Text(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static int Runs(TempDir dir) => Text(dir.File("runs")).Split('\n').Length - 1;

    // blink keeps exiting and being restarted, so main-log lines keep coming; each run leaves a line in DIR/runs.
    private static string Config(TempDir dir, string user, string fifo) => $$"""
        [supervisord]
        user={{user}}
        logfile={{fifo}}
        logfile_maxbytes=0
        pidfile={{dir.Path}}/sv.pid
        childlogdir={{dir.Path}}

        [unix_http_server]
        file={{dir.Path}}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{{dir.Path}}/sv.sock

        [program:blink]
        command=/bin/sh -c 'echo run >> {{dir.Path}}/runs; sleep 0.2'
        startsecs=0
        autorestart=true

        [program:sleeper]
        command=/bin/sleep 1000
        startsecs=0
        """;
}
