using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>The child's environment and %(...)s expansions (contract §3.2 step 4, §4.3, §4.15).</summary>
public sealed class EnvironmentTests
{
    private const string Config = """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        silent=true
        environment=GLOBAL="from supervisord",SHARED=global,PCT="100%%%%"

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:envy]
        command={HELPER} print-env
        process_name=%(program_name)s-%(process_num)d
        numprocs=2
        startsecs=0
        autorestart=false
        environment=SHARED=program,NUM="%(process_num)d of %(numprocs)d",HERE="%(here)s",PROG=%(program_name)s,
            GROUP=%(group_name)s,HOMEDIR="%(ENV_HOME)s"
        stdout_logfile=%(here)s/%(program_name)s-%(process_num)d.env

        [program:where]
        command={HELPER} pwd
        directory=/tmp
        startsecs=0
        autorestart=false
        stdout_logfile=%(here)s/where.out
        """;

    [Fact]
    public void ChildEnvironmentAndExpansionsMatchSupervisord()
    {
        using var runs = new SideBySide(Config);
        foreach (var name in new[] { "envy-0", "envy-1", "where" })
        {
            runs.WaitForLog($"exited: {name} ");
        }
        foreach (var file in new[] { "envy-0.env", "envy-1.env", "where.out" })
        {
            var expected = File.ReadAllText(runs.Oracle.Dir.File(file)).Replace(runs.Oracle.Dir.Path, "<DIR>");
            var actual = File.ReadAllText(runs.Ours.Dir.File(file)).Replace(runs.Ours.Dir.Path, "<DIR>");
            Assert.Equal(expected, actual);
        }
        var env = File.ReadAllLines(runs.Ours.Dir.File("envy-1.env"));
        Assert.Contains("SHARED=program", env);
        Assert.Contains("GLOBAL=from supervisord", env);
        Assert.Contains("PCT=100%", env);
        Assert.Contains("NUM=1 of 2", env);
        Assert.Contains("SUPERVISOR_ENABLED=1", env);
        Assert.Contains("SUPERVISOR_PROCESS_NAME=envy-1", env);
        Assert.Contains("SUPERVISOR_GROUP_NAME=envy", env);
        Assert.Contains($"SUPERVISOR_SERVER_URL=unix://{runs.Ours.Dir.File("sv.sock")}", env);
        Assert.Equal("/tmp\n", File.ReadAllText(runs.Ours.Dir.File("where.out")));
        runs.Shutdown();
    }
}
