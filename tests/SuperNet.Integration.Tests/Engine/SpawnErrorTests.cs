using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>Spawn failures: parent-side spawnerr texts and child-side exit 127 (contract §3.2, §3.8, trap 18).</summary>
public sealed class SpawnErrorTests
{
    private const string Config = """
        [program:missing]
        command=/nonexistent/program --flag
        startretries=1

        [program:notexec]
        command={DIR}/plain-file
        startretries=0

        [program:baddir]
        command={HELPER} sleep 5
        directory=/nonexistent/dir
        startretries=0
        startsecs=10
        stderr_logfile={DIR}/baddir.err
        """;

    [Fact]
    public void MissingCommandNonExecutableAndBadDirectoryFailLikeSupervisord()
    {
        using var dir = new TempDir();
        var plain = dir.Write("plain-file", "#!/bin/sh\n");
        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var runs = new SideBySide(Config.Replace("{DIR}/plain-file", plain));
        runs.WaitForLog("gave up: missing");
        runs.WaitForLog("gave up: notexec");
        runs.WaitForLog("gave up: baddir");

        runs.AssertSameLifecycle("missing");
        runs.AssertSameLifecycle("notexec");
        runs.AssertSameLifecycle("baddir");
        Assert.Contains("INFO spawnerr: can't find command '/nonexistent/program'", runs.Ours.Log().Select(Normalize.Line));
        Assert.Contains($"INFO spawnerr: command at '{plain}' is not executable", runs.Ours.Log().Select(Normalize.Line));
        Assert.Equal(
            File.ReadAllText(runs.Oracle.Dir.File("baddir.err")),
            File.ReadAllText(runs.Ours.Dir.File("baddir.err")));
        Assert.Equal("supervisor: couldn't chdir to /nonexistent/dir: ENOENT\nsupervisor: child process was not spawned\n",
            File.ReadAllText(runs.Ours.Dir.File("baddir.err")));
        Assert.Contains("WARN exited: baddir (exit status 127; not expected)", Normalize.About(runs.Ours.Log(), "baddir"));
        Assert.Equal((0, 0), runs.Shutdown());
    }

    /// <summary>
    /// A log that cannot be opened is the spawn's error, as supervisord's make_dispatchers failure is: no child is
    /// started. supernetd opened the logs after the fork and let .NET's exception reach its loop: a CRIT line with a
    /// stack trace, and the program RUNNING with its output going nowhere.
    /// </summary>
    [Fact]
    public void A_log_that_cannot_be_opened_fails_the_spawn_as_supervisord_does()
    {
        using var runs = new SideBySide("""
            [program:outdir]
            command={HELPER} sleep 30
            stdout_logfile={DIR}
            startretries=1

            [program:errdir]
            command={HELPER} sleep 30
            stdout_logfile={DIR}/errdir.out
            stderr_logfile={DIR}
            startretries=0
            """);
        runs.WaitForLog("gave up: outdir");
        runs.WaitForLog("gave up: errdir");

        runs.AssertSameLifecycle("outdir");
        runs.AssertSameLifecycle("errdir");
        var log = runs.Ours.Log().Select(Normalize.Line).ToList();
        Assert.Contains("INFO spawnerr: unknown error making dispatchers for 'outdir': EISDIR", log);
        Assert.Contains("INFO spawnerr: unknown error making dispatchers for 'errdir': EISDIR", log);
        Assert.DoesNotContain(log, line => line.Contains("spawned:", StringComparison.Ordinal) || line.Contains("uncaught", StringComparison.Ordinal));
        Assert.Equal((0, 0), runs.Shutdown());
    }

    [Fact]
    public void User_and_umask_spawns_work_after_the_daemon_binary_was_removed()
    {
        // The exec helper is the running binary re-executed: a path that no longer names it (an uninstall, or an
        // upgrade that replaced it) failed every umask=/user= spawn with ENOENT or the other version's helper.
        using var copy = new TempDir();
        var binary = Path.Combine(copy.Path, "supernetd");
        Binaries.CopyExecutable(Binaries.Supernetd, binary, File.GetUnixFileMode(Binaries.Supernetd));
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:masked]
            command={HELPER} signals
            umask=022
            autostart=false
            startretries=0
            startsecs=0
            """, new RunOptions(DaemonPath: binary));
        run.WaitForLog("supervisord started with pid");
        File.Delete(binary);
        Assert.Equal(0, run.Ctl("start", "masked").ExitCode);
        run.WaitForLog("success: masked entered RUNNING state");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
