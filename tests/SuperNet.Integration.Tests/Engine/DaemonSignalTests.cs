using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>SIGHUP re-reads the configuration and restarts everything; SIGUSR2 reopens logs (contract §5.3, §5.4).</summary>
public sealed class DaemonSignalTests
{
    [Fact]
    public void SighupRereadsTheConfigAndRestartsEveryProgram()
    {
        const string config = """
            [program:steady]
            command={HELPER} signals
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        var first = run.WaitForLog("spawned: 'steady'");
        File.AppendAllText(run.ConfigPath, "\n[program:added]\ncommand=" + Binaries.Helper + " signals\nstartsecs=0\n");

        run.Signal(1);
        run.WaitForLog("received SIGHUP indicating restart request");
        run.WaitForLog("stopped: steady ");
        var second = run.WaitForLog("spawned: 'steady'", occurrence: 2);
        run.WaitForLog("spawned: 'added'");
        Assert.NotEqual(first.Message, second.Message);
        Assert.Equal(2, run.Log().Count(l => l.Message.StartsWith("supervisord started with pid", StringComparison.Ordinal)));

        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    // `timeout` or an impatient `kill` twice: supervisord keeps a signal that arrives while the same one waits once,
    // so it logs the request once; supernetd logged it twice.
    [Fact]
    public void Two_SIGTERMs_sent_together_are_logged_once_as_on_supervisord()
    {
        const string config = """
            [program:steady]
            command={HELPER} signals
            startsecs=0
            """;
        using var both = new SideBySide(config);
        both.WaitForLog("success: steady ");
        foreach (var run in both.Both)
        {
            run.Signal(15);
            run.Signal(15);
        }
        Assert.Equal((0, 0), (both.Ours.WaitForExit(), both.Oracle.WaitForExit()));
        foreach (var run in both.Both)
        {
            Assert.Equal(1, run.Log().Count(l => l.Message == "received SIGTERM indicating exit request"));
        }
    }

    [Fact]
    public void SighupWithABrokenConfigExitsTwo()
    {
        const string config = """
            [program:steady]
            command={HELPER} signals
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: steady ");
        File.AppendAllText(run.ConfigPath, "\n[program:broken]\ncommand=/bin/true\nautostart=maybe\n");
        run.Signal(1);
        Assert.Equal(2, run.WaitForExit());
        Assert.Contains("Error: not a valid boolean value: 'maybe' in section 'program:broken'", run.Stderr);
    }

    [Fact]
    public void Sigusr2ReopensTheMainLogAndChildLogs()
    {
        const string config = """
            [program:talker]
            command={HELPER} signals
            startsecs=0
            stdout_logfile={DIR}/talker.out
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: talker ");
        Wait.Until(() => File.ReadAllText(run.Dir.File("talker.out")).Contains("ready"), "talker ready");
        // What logrotate does: move the files away, then ask the daemon to reopen.
        File.Move(run.LogPath, run.LogPath + ".1");
        File.Move(run.Dir.File("talker.out"), run.Dir.File("talker.out.1"));
        run.Signal(12);
        // supervisord writes both lines before it reopens, so they end the old file.
        Wait.Until(() => File.ReadAllText(run.LogPath + ".1").EndsWith("INFO supervisord logreopen\n", StringComparison.Ordinal),
            "the reopen lines in the moved log");

        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.Contains("INFO received SIGUSR2 indicating log reopen request\n", File.ReadAllText(run.LogPath + ".1"));
        Assert.Contains(run.Log(), l => l.Message == "received SIGTERM indicating exit request");
        // The TERM the helper received after the reopen lands in the new child log, not the moved one.
        Assert.Contains("got SIGTERM", File.ReadAllText(run.Dir.File("talker.out")));
        Assert.DoesNotContain("got SIGTERM", File.ReadAllText(run.Dir.File("talker.out.1")));
    }

    /// <summary>
    /// A child log that cannot be reopened at SIGUSR2 (its directory removed, as a careless logrotate script can) is an
    /// error line naming the path and errno, and the output comes back once the path can be opened again. The reopen's
    /// exception reached the supervisor loop (a CRIT line with a .NET stack trace); supervisord 4.2.5 dies from it
    /// without a word and leaves its programs running as orphans.
    /// </summary>
    [Fact]
    public void A_child_log_that_cannot_be_reopened_at_sigusr2_is_an_error_line_and_comes_back_with_its_directory()
    {
        using var logs = new TempDir();
        var directory = Path.Combine(logs.Path, "gone");
        Directory.CreateDirectory(directory);
        var log = Path.Combine(directory, "ticker.out");
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:ticker]
            command=/bin/sh -c 'while :; do echo tick; sleep 0.1; done'
            startsecs=0
            stopasgroup=true
            stdout_logfile={log}
            """);
        Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("tick"), "ticks in the log");
        Directory.Delete(directory, recursive: true);
        run.Signal(12);
        run.WaitForLog($"'ticker' stdout log could not be reopened: {log}: [Errno 2] No such file or directory");

        Directory.CreateDirectory(directory);
        Wait.Until(() => File.Exists(log) && File.ReadAllText(log).Contains("tick"), "ticks in the log made again");
        Assert.Equal(0, run.Ctl("status", "ticker").ExitCode);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.DoesNotContain(run.Log(), l => l.Message.Contains("uncaught", StringComparison.Ordinal));
    }

    /// <summary>
    /// The main log's path taken by a directory at SIGUSR2: the lines that follow are held as on a full disk and written
    /// once the path can be opened again. The reopen's exception reached the supervisor loop (a CRIT line with a stack
    /// trace, written once the file came back).
    /// </summary>
    [Fact]
    public void A_main_log_that_cannot_be_reopened_at_sigusr2_holds_its_lines_until_it_can()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:first]
            command={HELPER} signals
            startsecs=0

            [program:second]
            command={HELPER} signals
            startsecs=0
            """);
        run.WaitForLog("success: second ");
        File.Move(run.LogPath, run.LogPath + ".1");
        Directory.CreateDirectory(run.LogPath);
        run.Signal(12);
        Wait.Until(() => File.ReadAllText(run.LogPath + ".1").EndsWith("INFO supervisord logreopen\n", StringComparison.Ordinal),
            "the reopen lines in the moved log");
        Assert.Equal(0, run.Ctl("stop", "first").ExitCode);

        Directory.Delete(run.LogPath);
        Assert.Equal(0, run.Ctl("stop", "second").ExitCode);
        run.WaitForLog("stopped: second ");
        var log = run.Log().Select(l => l.Message).ToList();
        Assert.Contains(log, m => m.StartsWith("stopped: first ", StringComparison.Ordinal));
        Assert.DoesNotContain(log, m => m.Contains("uncaught", StringComparison.Ordinal));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void AnExitedProcessHoldsNoLogOpenAndSigusr2LeavesItsMovedLogAlone()
    {
        const string config = """
            [program:once]
            command=/bin/echo hi
            startsecs=0
            autorestart=false
            stdout_logfile={DIR}/once.log
            """;
        using var runs = new SideBySide(config);
        runs.WaitForLog("exited: once ");
        string held = runs.Ours.Dir.File("once.log");
        // supervisord drops a finished process's log handlers; a deleted log's space comes back at once.
        Wait.Until(() => !new DirectoryInfo($"/proc/{runs.Ours.DaemonPid}/fd").GetFiles()
                .Any(fd => fd.LinkTarget?.StartsWith(held, StringComparison.Ordinal) == true),
            "the exited process's log released");
        foreach (var run in runs.Both)
        {
            File.Move(run.Dir.File("once.log"), run.Dir.File("once.log.1"));
            run.Signal(12);
        }
        runs.WaitForLog("supervisord logreopen");
        foreach (var run in runs.Both)
        {
            Assert.False(File.Exists(run.Dir.File("once.log")), run.Implementation.ToString());
            Assert.Equal("hi\n", File.ReadAllText(run.Dir.File("once.log.1")));
        }
        runs.Shutdown();
    }
}
