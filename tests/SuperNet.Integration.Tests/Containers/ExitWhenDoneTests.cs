using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>[supervisord] exit_when_done=true: a container of jobs ends with them; supervisord ignores the key.</summary>
public sealed class ExitWhenDoneTests
{
    private const string Config = """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        silent=true
        exit_when_done=true

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:fetch]
        command=/bin/sh -c 'sleep 0.3; exit 0'
        startsecs=0
        autorestart=false

        [program:migrate]
        command=/bin/sh -c 'sleep 0.6; exit 5'
        startsecs=0
        autorestart=false

        [program:manual]
        command=/bin/sleep 1000
        autostart=false

        [eventlistener:watch]
        command=/bin/sh -c 'printf "READY\n"; exec /bin/sleep 1000'
        events=PROCESS_STATE_EXITED
        """;

    [Fact]
    public void As_pid_1_it_stops_the_listener_and_exits_with_the_failed_jobs_status_once_every_job_has_ended()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config, new RunOptions(AsPid1: true));
        Assert.Equal(5, run.WaitForExit(TimeSpan.FromSeconds(60)));
        run.WaitForLog("every program has ended and none will be restarted (exit_when_done): stopping, supernetd will exit 5, " +
            "as migrate exited (exit status 5), the first to end unexpectedly");
        run.WaitForLog("stopped: watch (terminated by SIGTERM)");
        Assert.Contains(run.Log(), l => l.Message == "exited: fetch (exit status 0; expected)");
    }

    private const string UpdateConfig = """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        silent=true
        exit_when_done=true

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{DIR}/sv.sock

        [program:job]
        command=/bin/sh -c 'exit 0'
        startsecs=0
        autorestart=false

        [program:svc]
        command={HELPER} signals
        startsecs=0
        """;

    [Fact]
    public void Update_that_removes_the_last_running_program_ends_the_daemon_and_one_that_changes_it_does_not()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, UpdateConfig);
        run.WaitForLog("exited: job (exit status 0; expected)");
        run.WaitForLog("success: svc entered RUNNING state");

        // svc changed: update stops, removes and adds it back; the daemon must not end between the remove and the add.
        File.WriteAllText(run.ConfigPath, File.ReadAllText(run.ConfigPath).Replace(" signals\n", " signals\nstopwaitsecs=5\n", StringComparison.Ordinal));
        Assert.Equal((0, "svc: stopped\nsvc: updated process group\n"), run.Ctl("update"));
        run.WaitForLog("success: svc entered RUNNING state", occurrence: 2);
        Assert.False(run.HasExited);

        // svc gone from the file: job has ended, nothing else is left.
        var text = File.ReadAllText(run.ConfigPath);
        File.WriteAllText(run.ConfigPath, text[..text.IndexOf("[program:svc]", StringComparison.Ordinal)]);
        Assert.Equal((0, "svc: stopped\nsvc: removed process group\n"), run.Ctl("update"));
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(60)));
        run.WaitForLog("every program has ended and none will be restarted (exit_when_done): stopping, supernetd will exit 0");
    }

    [Fact]
    public void The_real_supervisord_loads_it_ignores_the_key_and_stays_up()
    {
        using var run = SupervisorRun.Start(Implementation.Supervisord, Config);
        run.WaitForLog("exited: migrate (exit status 5; not expected)");
        run.WaitForLog("exited: fetch (exit status 0; expected)");
        Assert.DoesNotContain(run.Log(), l => l.Level == "ERRO");
        Assert.False(run.HasExited);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_program_held_back_by_a_dependency_that_ended_is_not_waited_for()
    {
        // What docs/containers.md says: svc waits for a db nobody starts, so once job has ended nothing will run.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}/sv.pid
            silent=true
            exit_when_done=true

            [program:job]
            command=/bin/sh -c 'sleep 0.3'
            startsecs=0
            autorestart=false

            [program:db]
            command={HELPER} signals
            autostart=false

            [program:svc]
            command={HELPER} signals
            depends_on=db
            """);
        Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(60)));
        run.WaitForLog("not starting svc yet: waiting for db to be ready (depends_on)");
        run.WaitForLog("every program has ended and none will be restarted (exit_when_done): stopping, supernetd will exit 0");
    }
}
