using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>Every extension key of the container-logs work in one file: supervisord 4.2.5 loads it and ignores them.</summary>
public sealed class SupervisordCompatibilityTests
{
    private static string EveryKey(string envDir) => $$"""
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        environment_file={{envDir}}/global.env

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:web]
        command=/bin/sleep 100
        backoff=exponential
        backoff_initial=0.5
        backoff_max=30
        backoff_jitter=0.2
        backoff_reset=60
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        stderr_logfile=stderr
        log_prefix=%(time)s %(program_name)s.%(process_num)s@%(group_name)s |
        log_format=json
        environment_file={{envDir}}/app.env, {{envDir}}/more.env

        [program:worker]
        command=/bin/sleep 100
        restart_delay=2
        stdout_logfile=stdout
        """;

    [Fact]
    public void A_config_with_every_new_key_loads_in_supervisord_4_2_5_and_in_supernetd()
    {
        using var envDir = new TempDir();
        foreach (var name in new[] { "global.env", "app.env", "more.env" })
            envDir.Write(name, "A=1\n");
        foreach (var implementation in new[] { Implementation.Supervisord, Implementation.SuperNet })
        {
            using var run = SupervisorRun.Start(implementation, EveryKey(envDir.Path));
            run.WaitForLog("success: web entered RUNNING state");
            run.WaitForLog("success: worker entered RUNNING state");
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
            Assert.DoesNotContain(run.Log(), l => l.Level is "CRIT" or "ERRO" && !l.Message.Contains("running as root", StringComparison.Ordinal)
                && !l.Message.Contains("without any HTTP authentication", StringComparison.Ordinal));
        }
    }
}
