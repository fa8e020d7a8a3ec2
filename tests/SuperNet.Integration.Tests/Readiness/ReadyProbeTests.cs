using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>Each ready= form against a real child: the process stays STARTING until the probe passes, and dependents wait.</summary>
public sealed class ReadyProbeTests
{
    private static (int Code, string Output) Health(SupervisorRun run) =>
        SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "health"]);

    private static void AssertSpawnedAfter(SupervisorRun run, string ready, string dependent)
    {
        var log = run.Log().ToList();
        var readyAt = log.FindIndex(l => l.Message.StartsWith($"success: {ready} entered RUNNING state, process is ready", StringComparison.Ordinal));
        var spawnedAt = log.FindIndex(l => l.Message.StartsWith($"spawned: '{dependent}'", StringComparison.Ordinal));
        Assert.True(readyAt >= 0 && spawnedAt > readyAt, $"{dependent} spawned before {ready} was ready\n{run.Diagnostics()}");
    }

    [Fact]
    public void Notify_waits_for_ready_1_on_the_notify_socket_and_health_flips()
    {
        // A daemon killed before it could clean up leaves its folder in /tmp; pids are reused (pid_max may be 32768).
        var leftBefore = Directory.GetDirectories(Path.GetTempPath()).ToHashSet();
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command={HELPER} notify {DIR}/go "accepting connections"
            ready=notify
            startsecs=0

            [program:app]
            command={HELPER} signals
            depends_on=db
            startsecs=0
            """);
        run.WaitForLog("spawned: 'db'");
        run.WaitForLog("not starting app yet: waiting for db to be ready (depends_on)");
        // The log line is written inside the loop's turn and the view health reads is published at its end, so an
        // answer in between still lists db as STOPPED (seen at load 12-25); every answer is a 1 until db is ready.
        var answers = new List<(int Code, string Output)>();
        Wait.Until(() =>
        {
            answers.Add(Health(run));
            return answers[^1].Output.Contains("db STARTING", StringComparison.Ordinal);
        }, "supernetctl health to list db as STARTING");
        Assert.All(answers, a =>
        {
            Assert.Equal(1, a.Code);
            Assert.Matches(@"(?m)^app STOPPED", a.Output);
            Assert.Matches(@"(?m)^db (STOPPED|STARTING)", a.Output);
        });

        // db stays unready until now: a fixed delay could run out before the check above on a loaded machine.
        File.WriteAllText(run.Dir.File("go"), "");
        run.WaitForLog("success: db entered RUNNING state, process is ready (notify)");
        run.WaitForLog("success: app entered RUNNING state");
        AssertSpawnedAfter(run, "db", "app");
        Wait.Until(() => Health(run) == (0, "ok\n"), "supernetctl health to answer ok");

        // supernetctl shows a READY column; supervisorctl ignores the new getProcessInfo members.
        var (_, ours) = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "status"]);
        Assert.Matches(@"(?m)^db\s+RUNNING\s+ready\s+pid \d+, uptime ", ours);
        Assert.Matches(@"(?m)^app\s+RUNNING\s+ready\s+pid \d+, uptime ", ours);
        var (_, theirs) = run.Ctl("status");
        Assert.Matches(@"(?m)^db\s+RUNNING\s+pid \d+, uptime ", theirs);
        // Under supervisorctl's name (the image's link) the table is supervisorctl's: scripts split it into fields.
        using var links = new TempDir();
        File.CreateSymbolicLink(links.File("supervisorctl"), Binaries.Supernetctl);
        var (_, linked) = SupervisorRun.Run(links.File("supervisorctl"), ["-c", run.ConfigPath, "status"]);
        Assert.Matches(@"(?m)^db {31}RUNNING   pid \d+, uptime ", linked);
        Assert.Matches(@"(?m)^app {30}RUNNING   pid \d+, uptime ", linked);
        var (_, json) = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "--json", "status", "db"]);
        Assert.Contains("\"ready_status\":\"accepting connections\"", json);
        Assert.Contains("\"ready_probe\":\"notify\"", json);

        // The per-spawn sockets live in a private directory that goes away with the daemon.
        var prefix = $"supernetd-{run.DaemonPid}-notify-";
        var sockets = Assert.Single(Directory.GetDirectories(Path.GetTempPath()).Except(leftBefore),
            d => Path.GetFileName(d).StartsWith(prefix, StringComparison.Ordinal));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(sockets));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.False(Directory.Exists(sockets));
    }

    [Fact]
    public void Two_daemons_with_the_same_pid_and_tmpdir_keep_their_notify_sockets_apart()
    {
        // Both PID 1 (two containers sharing /tmp): a folder named by the pid alone was shared, so the second
        // daemon's first spawn deleted the first one's socket and took its name, and its READY=1 too.
        using var tmp = new TempDir();
        var options = new RunOptions(AsPid1: true, Environment: new Dictionary<string, string> { ["TMPDIR"] = tmp.Path });
        var go = tmp.File("go");
        var program = $$"""
            [program:db]
            command=/usr/bin/python3 -c "import os, socket, time; [time.sleep(0.05) for _ in iter(lambda: os.path.exists('{{go}}'), True)]; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.sendto(b'READY=1', os.environ['NOTIFY_SOCKET']); time.sleep(1e9)"
            ready=notify
            ready_timeout=0
            startsecs=0
            """;
        using var first = SupervisorRun.Start(Implementation.SuperNet, program, options);
        first.WaitForLog("spawned: 'db'");
        using var second = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command=/bin/sleep 1000
            ready=notify
            ready_timeout=0
            startsecs=0
            """, options);
        second.WaitForLog("spawned: 'db'");
        File.WriteAllText(go, "");
        first.WaitForLog("success: db entered RUNNING state, process is ready (notify)");
        Assert.DoesNotContain(second.Log(), l => l.Message.StartsWith("success: db", StringComparison.Ordinal));
        second.Signal(15);
        Assert.Equal(0, second.WaitForExit());
        first.Signal(15);
        Assert.Equal(0, first.WaitForExit());
        Assert.DoesNotContain(Directory.GetFileSystemEntries(tmp.Path), e => Path.GetFileName(e) != "go");
    }

    [Fact]
    public void Fd_waits_for_a_newline_on_the_notification_fd()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:s6]
            command={HELPER} notify-fd 3 1
            ready=fd:3
            startsecs=0
            stdout_logfile={DIR}/s6.out
            """);
        run.WaitForLog("success: s6 entered RUNNING state, process is ready (fd:3)");
        // The child writes "notified" after the newline that made it ready: it may reach the log after RUNNING.
        Wait.Until(() => File.ReadAllText(run.Dir.File("s6.out")).Contains("notified", StringComparison.Ordinal), "the child's output in s6.out");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Fd_works_through_the_exec_helper_too()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:s6]
            command={HELPER} notify-fd 5 0.5
            ready=fd:5
            umask=022
            startsecs=0
            """);
        run.WaitForLog("success: s6 entered RUNNING state, process is ready (fd:5)");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Tcp_waits_until_the_port_accepts_connections()
    {
        var port = Ports.Free();
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:server]
            command={"{HELPER}"} listen-tcp {port} 1.5
            ready=tcp:127.0.0.1:{port}
            ready_interval=0.2
            startsecs=0

            [program:client]
            command={"{HELPER}"} signals
            depends_on=server
            startsecs=0
            """);
        run.WaitForLog("success: server entered RUNNING state, process is ready (tcp:127.0.0.1:");
        run.WaitForLog("spawned: 'client'");
        AssertSpawnedAfter(run, "server", "client");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Http_waits_for_a_2xx_answer()
    {
        var port = Ports.Free();
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:web]
            command={"{HELPER}"} listen-http {port} 1
            ready=http://127.0.0.1:{port}/ready
            ready_interval=0.2
            startsecs=0
            """);
        run.WaitForLog("success: web entered RUNNING state, process is ready (http://127.0.0.1:");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Http_does_not_accept_a_5xx_answer()
    {
        var port = Ports.Free();
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:web]
            command={"{HELPER}"} listen-http {port} 0 503
            ready=http://127.0.0.1:{port}/
            ready_interval=0.2
            ready_timeout=2
            startretries=0
            startsecs=0
            """, loglevel: "debug");
        var failed = run.WaitForLog(") failed: HTTP/1.1 503 Status 503");
        Assert.StartsWith("ready probe of web (http://127.0.0.1:", failed.Message);
        run.WaitForLog("gave up: web entered FATAL state");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Exec_waits_for_the_command_to_exit_0()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:migrate]
            command={HELPER} signals
            ready=exec:test -f {DIR}/migrated
            ready_interval=0.2
            startsecs=0
            """);
        run.WaitForLog("spawned: 'migrate'");
        Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("success: migrate", StringComparison.Ordinal));
        File.WriteAllText(run.Dir.File("migrated"), "");
        run.WaitForLog("success: migrate entered RUNNING state, process is ready (exec:test -f ");
        Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("reaped unknown pid", StringComparison.Ordinal));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Ready_timeout_makes_a_failed_start_then_fatal()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:never]
            command={HELPER} signals
            ready=exec:false
            ready_interval=0.2
            ready_timeout=1
            startretries=1
            startsecs=0
            """);
        run.WaitForLog("never not ready within 1 seconds (ready_timeout); stopping it as a failed start");
        run.WaitForLog("gave up: never entered FATAL state, too many start retries too quickly");
        Assert.Equal(2, run.Log().Count(l => l.Message.StartsWith("spawned: 'never'", StringComparison.Ordinal)));
        var (_, status) = run.Ctl("status", "never");
        Assert.Contains("Not ready: not ready within 1 seconds (ready_timeout)", status);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
