using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>environment_file= read at each spawn, and its failures as spawn errors.</summary>
public sealed class EnvironmentFileTests
{
    [Fact]
    public void Files_are_read_at_each_spawn_under_environment_and_their_errors_fail_the_spawn()
    {
        using var files = new TempDir();
        var global = files.Write("global.env", "# shared\nexport SHARED=from-global-file\nGLOBAL_ONLY='single quoted'\n");
        var app = files.Write("app.env", "SHARED=from-app-file\nOVERRIDDEN=from-file\nQUOTED=\"two\\nlines\" # comment\n" +
            "REF=${SHARED}/${GLOBAL_ONLY}/${SUPERVISOR_PROCESS_NAME}\nLITERAL='${SHARED}'\n");
        var broken = files.Write("broken.env", "GOOD=1\nthis line has no equals sign\n");
        var body = $"""
            [supervisord]
            logfile={"{DIR}"}/main.log
            pidfile={"{DIR}"}/sv.pid
            childlogdir={"{DIR}"}
            silent=true
            environment_file={global}

            [unix_http_server]
            file={"{DIR}"}/sv.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{"{DIR}"}/sv.sock

            [program:envy]
            command={"{HELPER}"} print-env
            startsecs=0
            autorestart=false
            environment_file={app}
            environment=OVERRIDDEN=from-environment
            stdout_logfile={"{DIR}"}/envy.out

            [program:missing]
            command={"{HELPER}"} print-env
            startretries=1
            environment_file={files.File("nope.env")}

            [program:broken]
            command={"{HELPER}"} print-env
            startretries=0
            startsecs=0
            autorestart=false
            environment_file={broken}
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, body);
        run.WaitForLog("exited: envy ");
        run.WaitForLog("gave up: missing entered FATAL state");
        run.WaitForLog("gave up: broken entered FATAL state");
        var env = File.ReadAllText(run.Dir.File("envy.out"));
        Assert.Contains("SHARED=from-app-file\n", env);
        Assert.Contains("GLOBAL_ONLY=single quoted\n", env);
        Assert.Contains("OVERRIDDEN=from-environment\n", env);
        Assert.Contains("QUOTED=two\nlines\n", env);
        // References: an earlier line of the file, the [supervisord] file, the environment supernetd gives every child.
        Assert.Contains("REF=from-app-file/single quoted/envy\n", env);
        Assert.Contains("LITERAL=${SHARED}\n", env);

        var spawnErrors = run.Log().Where(l => l.Message.StartsWith("spawnerr:", StringComparison.Ordinal)).Select(l => l.ToString()).Distinct().ToList();
        Assert.Contains($"INFO spawnerr: couldn't read environment_file {files.File("nope.env")}: No such file or directory", spawnErrors);
        Assert.Contains($"INFO spawnerr: environment_file {broken} line 2: expected KEY=VALUE", spawnErrors);
        var status = run.Ctl("status", "broken");
        Assert.Contains($"environment_file {broken} line 2: expected KEY=VALUE", status.Output);

        // Read at each spawn: a fixed file lets the next start succeed.
        File.WriteAllText(broken, "GOOD=1\n");
        var start = run.Ctl("start", "broken");
        Assert.Contains("broken: started", start.Output);
    }

    [Fact]
    public void A_fifo_nobody_writes_fails_the_spawn_instead_of_hanging_the_supervisor()
    {
        using var files = new TempDir();
        var fifo = files.File("app.env");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:piped]
            command={"{HELPER}"} print-env
            autostart=false
            startretries=0
            environment_file={fifo}

            [program:other]
            command={"{HELPER}"} sleep 600
            autostart=false
            """);
        run.WaitForLog("supervisord started with pid");

        // Opening a FIFO for reading waits for a writer; on the supervisor thread that wait was the whole daemon's.
        var answered = TimeSpan.FromSeconds(20);
        var piped = Task.Run(() => SupervisorRun.Run(Binaries.Supervisorctl, ["-c", run.ConfigPath, "start", "piped"], answered));
        var other = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", run.ConfigPath, "start", "other"], answered);
        Assert.Contains("other: started", other.Output);
        Assert.Contains("piped: ERROR (spawn error)", piped.Result.Output);
        run.WaitForLog($"spawnerr: couldn't read environment_file {fifo}: not a regular file");
    }

    [Fact]
    public void Start_finds_a_command_in_the_PATH_an_environment_file_sets_as_autostart_does()
    {
        using var files = new TempDir();
        var script = files.Write("bin/only-on-file-path", "#!/bin/sh\nexec sleep 600\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var env = files.Write("path.env", $"PATH={files.File("bin")}:/usr/bin:/bin\n");
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:auto]
            command=only-on-file-path
            startsecs=0
            environment_file={env}

            [program:manual]
            command=only-on-file-path
            startsecs=0
            autostart=false
            environment_file={env}
            """);
        run.WaitForLog("success: auto entered RUNNING state");
        // startProcess checks the command before it spawns: it looked in the PATH of environment= only, so it answered
        // NO_FILE for the command autostart had just run.
        var start = run.Ctl("start", "manual");
        Assert.Contains("manual: started", start.Output);
    }
}
