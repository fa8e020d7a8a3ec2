using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// `supervisorctl update` after the config file changed: what is reported changed and what the recreated
/// processes then run with, against supervisord where supervisord has the feature.
/// </summary>
public sealed class UpdateTests
{
    private static string Header(string environment) => """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        silent=true
        {ENVIRONMENT}

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{DIR}/sv.sock

        """.Replace("{ENVIRONMENT}", environment, StringComparison.Ordinal);

    private static void Rewrite(SupervisorRun run, string text) =>
        File.WriteAllText(run.ConfigPath, text.Replace("{DIR}", run.Dir.Path, StringComparison.Ordinal));

    private static string Output(SupervisorRun run, string file) =>
        File.Exists(run.Dir.File(file)) ? File.ReadAllText(run.Dir.File(file)) : "";

    /// <summary>
    /// supervisord merges [supervisord] environment= into every program when it parses, so reread reports every
    /// group changed and update restarts them with the new values. supernetd reported the change but the new
    /// processes kept the running generation's environment.
    /// </summary>
    [Fact]
    public void UpdateAppliesAChangedSupervisordEnvironmentAsSupervisordDoes()
    {
        const string program = """
            [program:env]
            command=sh -c 'echo "FOO=$FOO"; exec sleep 1000'
            startsecs=0
            stdout_logfile={DIR}/env.out
            """;
        using var runs = new SideBySide(Header("environment=FOO=one") + program);
        foreach (var run in runs.Both)
        {
            Wait.Until(() => Output(run, "env.out") == "FOO=one\n", $"the first line from {run.Implementation}");
            Rewrite(run, Header("environment=FOO=two") + program);
        }

        var reread = runs.Oracle.Ctl("reread");
        Assert.Equal((0, "env: changed\n"), reread);
        Assert.Equal(reread, runs.Ours.Ctl("reread"));
        var update = runs.Oracle.Ctl("update");
        Assert.Equal((0, "env: stopped\nenv: updated process group\n"), update);
        Assert.Equal(update, runs.Ours.Ctl("update"));
        foreach (var run in runs.Both)
        {
            Wait.Until(() => Output(run, "env.out").Split('\n').Length == 3, $"the second line from {run.Implementation}");
        }
        Assert.Equal("FOO=one\nFOO=two\n", Output(runs.Oracle, "env.out"));
        Assert.Equal(Output(runs.Oracle, "env.out"), Output(runs.Ours, "env.out"));
    }

    /// <summary>
    /// SuperNet's own keys reach a process only through a new process object; supervisord ignores them and so can
    /// never call them changed, but a supernetd user who edits depends_on or environment_file expects `update` to
    /// apply it (docs/compatibility.md). The last step checks the new environment_file is the one read.
    /// </summary>
    [Fact]
    public void UpdateRestartsAProgramWhoseSuperNetKeysChanged()
    {
        const string program = """
            [program:db]
            command=sleep 1000
            startsecs=0

            [program:app]
            command=sh -c 'echo "BAR=$BAR"; exec sleep 1000'
            startsecs=0
            stdout_logfile={DIR}/app.out

            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, Header("") + program);
        File.WriteAllText(run.Dir.File("one.env"), "BAR=one\n");
        File.WriteAllText(run.Dir.File("two.env"), "BAR=two\n");
        run.WaitForLog("success: app ");
        string[] keys =
        [
            "depends_on=db",
            "ready=tcp:127.0.0.1:1",
            "healthcheck=exec:true",
            "critical=true",
            "backoff=exponential",
            "restart_delay=2",
            "log_prefix=%(program_name)s |",
            "log_format=json",
            "environment_file={DIR}/one.env",
            "environment_file={DIR}/two.env",
        ];
        foreach (var key in keys)
        {
            Rewrite(run, Header("") + program + key + "\n");
            Assert.Equal((0, "app: changed\n"), run.Ctl("reread"));
            Assert.Equal((0, "app: stopped\napp: updated process group\n"), run.Ctl("update"));
            Assert.Equal((0, "No config updates to processes\n"), run.Ctl("reread"));
        }
        Wait.Until(() => Output(run, "app.out").EndsWith("BAR=two\n", StringComparison.Ordinal), "the program started with two.env");

        // [supervisord] environment_file= reaches every program, as [supervisord] environment= does.
        Rewrite(run, Header("environment_file={DIR}/one.env") + program);
        Assert.Equal((0, "app: changed\ndb: changed\n"), run.Ctl("reread"));
        Assert.Equal((0, "app: stopped\napp: updated process group\ndb: stopped\ndb: updated process group\n"), run.Ctl("update"));
        Wait.Until(() => Output(run, "app.out").EndsWith("BAR=one\n", StringComparison.Ordinal), "the program started with one.env");
    }

    /// <summary>
    /// supervisord's waiting stop (stopProcess, and each process of stopProcessGroup, which update uses) polls once
    /// within the request, before the child can have been reaped, so "waiting for x to stop" is logged even for a
    /// child that exits a few milliseconds after its signal. supernetd waited 100 ms before its first line, so its
    /// log lacked it for every prompt stop. These children take about 30 ms, which supervisord can never reap
    /// within the request.
    /// </summary>
    [Fact]
    public void StopAndUpdateLogWaitingForAPromptlyExitingProcessAsSupervisordDoes()
    {
        const string program = """
            [program:quick]
            command=/usr/bin/python3 -c "import signal, sys, time; signal.signal(15, lambda *a: (time.sleep(0.03), sys.exit(0))); time.sleep(1000)"
            startsecs=0
            process_name=quick_%(process_num)d
            numprocs=2
            """;
        using var runs = new SideBySide(Header("") + program);
        runs.WaitForLog("success: quick_1 ");
        foreach (var run in runs.Both)
        {
            Assert.Equal((0, "quick:quick_0: stopped\n"), run.Ctl("stop", "quick:quick_0"));
            Rewrite(run, Header("") + program.Replace("time.sleep(1000)", "time.sleep(1001)", StringComparison.Ordinal));
            Assert.Equal((0, "quick: stopped\nquick: updated process group\n"), run.Ctl("update"));
        }
        List<string> Lines(SupervisorRun run) => [.. run.Log().Select(Normalize.Line)
            .Where(l => l.StartsWith("INFO waiting for", StringComparison.Ordinal) || l.Contains(" stopped: ", StringComparison.Ordinal))];
        var expected = Lines(runs.Oracle);
        Assert.Equal(
            [
                "INFO waiting for quick_0 to stop",
                "INFO stopped: quick_0 (exit status 0)",
                "INFO waiting for quick_1 to stop",
                "INFO stopped: quick_1 (exit status 0)",
            ],
            expected);
        Assert.Equal(expected, Lines(runs.Ours));
    }

    /// <summary>
    /// supervisord keeps its active groups in a dict, so reloadConfig's removed list (and update's removals) go in
    /// the order the groups were added: start-up's, then b, added later by update despite its lower priority.
    /// supernetd listed them in priority order.
    /// </summary>
    [Fact]
    public void UpdateRemovesGroupsInTheOrderTheyWereAddedAsSupervisordDoes()
    {
        const string keep = """
            [program:keep]
            command=sleep 1000
            startsecs=0

            """;
        const string started = keep + """
            [program:a]
            command=sleep 1000
            startsecs=0
            priority=100

            [program:m]
            command=sleep 1000
            startsecs=0
            priority=500

            """;
        const string later = started + """
            [program:b]
            command=sleep 1000
            startsecs=0
            priority=50

            """;
        using var runs = new SideBySide(Header("") + started);
        runs.WaitForLog("success: m ");
        foreach (var run in runs.Both)
        {
            Rewrite(run, Header("") + later);
            Assert.Equal((0, "b: added process group\n"), run.Ctl("update"));
            Rewrite(run, Header("") + keep);
        }
        var update = runs.Oracle.Ctl("update");
        Assert.Equal(
            (0, "a: stopped\na: removed process group\nm: stopped\nm: removed process group\nb: stopped\nb: removed process group\n"),
            update);
        Assert.Equal(update, runs.Ours.Ctl("update"));
    }
}
