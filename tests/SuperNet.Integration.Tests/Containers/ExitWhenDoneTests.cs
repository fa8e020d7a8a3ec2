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
}
