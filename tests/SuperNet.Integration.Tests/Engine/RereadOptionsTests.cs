using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// [supervisord] options edited, then `reread`/`update` without a restart. supervisord's reloadConfig copies the
/// re-read section onto its live options, so every place that reads an option at use sees the new value at once;
/// supernetd kept start-up's until the next restart. Each case runs both daemons on the same edits.
/// </summary>
public sealed class RereadOptionsTests
{
    private static string Header(string options) => """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        silent=true
        {OPTIONS}

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{DIR}/sv.sock

        """.Replace("{OPTIONS}", options, StringComparison.Ordinal);

    private static void Rewrite(SupervisorRun run, string text) =>
        File.WriteAllText(run.ConfigPath, text.Replace("{DIR}", run.Dir.Path, StringComparison.Ordinal));

    private static string Text(SupervisorRun run, string file) =>
        File.Exists(run.Dir.File(file)) ? File.ReadAllText(run.Dir.File(file)) : "";

    /// <summary>One XML-RPC call through supervisor's transport: the result's repr, or "FAULT code text"; the run's dir as DIR.</summary>
    private static string Call(SupervisorRun run, string method, params string[] jsonArgs)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Engine", "rpc_call.py");
        var (code, output) = SupervisorRun.Run(Binaries.Python, [script, run.SocketPath, method, .. jsonArgs]);
        Assert.True(code == 0, output);
        return output.Replace(run.Dir.Path, "DIR", StringComparison.Ordinal).TrimEnd('\n');
    }

    private static string State(SupervisorRun run, string name) =>
        Call(run, "supervisor.getProcessInfo", $"\"{name}\"").Split("'statename': '")[1].Split('\'')[0];

    /// <summary>
    /// getIdentification answers the re-read identifier, and a group added by `update` gets its AUTO logs in the
    /// re-read childlogdir, named with the re-read identifier; a group that was already there keeps its files.
    /// </summary>
    [Fact]
    public void RereadIdentifierAndChilddirReachIdentificationAndGroupsAddedLater()
    {
        const string old = """
            [program:old]
            command=sleep 1000
            startsecs=0

            """;
        const string added = """
            [program:new]
            command=sleep 1000
            startsecs=0

            """;
        using var runs = new SideBySide(Header("identifier=first") + old);
        runs.WaitForLog("supervisord started with pid");
        var results = new Dictionary<Implementation, List<string>>();
        foreach (var run in runs.Both)
        {
            Wait.Until(() => State(run, "old") == "RUNNING", $"old under {run.Implementation}");
            var seen = new List<string> { Call(run, "supervisor.getIdentification") };
            Directory.CreateDirectory(run.Dir.File("b"));
            Rewrite(run, Header("identifier=second").Replace("childlogdir={DIR}", "childlogdir={DIR}/b", StringComparison.Ordinal) + old + added);
            seen.Add(run.Ctl("reread").Output);
            seen.Add(Call(run, "supervisor.getIdentification"));
            seen.Add(run.Ctl("update").Output);
            Wait.Until(() => State(run, "new") == "RUNNING", $"new under {run.Implementation}");
            foreach (var name in new[] { "old", "new" })
            {
                var info = Call(run, "supervisor.getProcessInfo", $"\"{name}\"");
                seen.Add(System.Text.RegularExpressions.Regex.Replace(
                    info.Split("'stdout_logfile': '")[1].Split('\'')[0], @"---(\w+)-\S+\.log$", "---$1-RANDOM.log"));
            }
            results[run.Implementation] = seen;
        }
        Assert.Equal(
            [
                "'first'", "new: available\n", "'second'", "new: added process group\n",
                "DIR/old-stdout---first-RANDOM.log", "DIR/b/new-stdout---second-RANDOM.log",
            ],
            results[Implementation.Supervisord]);
        Assert.Equal(results[Implementation.Supervisord], results[Implementation.SuperNet]);
    }

    /// <summary>An event listener's envelopes name the identifier of the moment: the re-read one after `reread`.</summary>
    [Fact]
    public void EventEnvelopesNameTheRereadIdentifier()
    {
        var listener = Path.Combine(AppContext.BaseDirectory, "Engine", "listener_server.py");
        string Body(string identifier) => Header("identifier=" + identifier) + $"""
            [eventlistener:l]
            command={Binaries.Python} -u {listener} {"{DIR}"}/headers
            events=PROCESS_STATE_RUNNING
            startsecs=0

            [program:x]
            command=sleep 1000
            startsecs=0
            autostart=false

            """;
        using var runs = new SideBySide(Body("first"));
        runs.WaitForLog("supervisord started with pid");
        foreach (var run in runs.Both)
        {
            Wait.Until(() => State(run, "l:l") == "RUNNING", $"the listener under {run.Implementation}");
            Assert.Equal((0, "x: started\n"), run.Ctl("start", "x"));
            Wait.Until(() => Text(run, "headers").Length > 0, $"the first envelope under {run.Implementation}");
            Rewrite(run, Body("second"));
            Assert.Equal((0, "No config updates to processes\n"), run.Ctl("reread"));
            Assert.Equal((0, "x: stopped\nx: started\n"), run.Ctl("restart", "x"));
            Wait.Until(() => Text(run, "headers").EndsWith("second PROCESS_STATE_RUNNING\n", StringComparison.Ordinal)
                || Text(run, "headers").Split('\n').Length > 3, $"the envelope after reread under {run.Implementation}");
        }
        Assert.EndsWith("second PROCESS_STATE_RUNNING\n", Text(runs.Oracle, "headers"));
        Assert.Equal(Text(runs.Oracle, "headers"), Text(runs.Ours, "headers"));
    }

    /// <summary>strip_ansi is read at each write of child output: turned on by `reread`, a running process's next lines are stripped.</summary>
    [Fact]
    public void RereadStripAnsiAppliesToARunningProcess()
    {
        string Body(string strip) => Header("strip_ansi=" + strip) + """
            [program:ansi]
            command=sh -c 'while :; do printf "\033[31mred\033[0m\n"; sleep 0.1; done'
            startsecs=0
            stdout_logfile={DIR}/ansi.log

            """;
        using var runs = new SideBySide(Body("false"));
        runs.WaitForLog("supervisord started with pid");
        var tails = new Dictionary<Implementation, string>();
        foreach (var run in runs.Both)
        {
            Wait.Until(() => Text(run, "ansi.log").Contains("\u001b[31mred", StringComparison.Ordinal), $"coloured output under {run.Implementation}");
            Rewrite(run, Body("true"));
            Assert.Equal((0, "No config updates to processes\n"), run.Ctl("reread"));
            var from = Text(run, "ansi.log").Length;
            // The first line after may have been read before the reread answered; the next ones cannot.
            Wait.Until(() => Text(run, "ansi.log")[from..].Split('\n').Length > 3, $"more output under {run.Implementation}");
            tails[run.Implementation] = string.Join('\n', Text(run, "ansi.log")[from..].Split('\n')[1..3]);
        }
        Assert.Equal("red\nred", tails[Implementation.Supervisord]);
        Assert.Equal(tails[Implementation.Supervisord], tails[Implementation.SuperNet]);
    }

    /// <summary>
    /// Whether a spawn's output is copied into the main log is decided at the spawn from the live loglevel: after a
    /// reread from debug to info, a restarted program's output no longer appears, though the main log still takes
    /// debug lines (its own level is start-up's).
    /// </summary>
    [Fact]
    public void RereadLoglevelDecidesWhetherLaterSpawnsAreCopiedToTheMainLog()
    {
        string Body(string level) => Header("loglevel=" + level) + """
            [program:talk]
            command=sh -c 'echo "hello from $$"; exec sleep 1000'
            startsecs=0
            stdout_logfile=NONE

            """;
        using var runs = new SideBySide(Body("debug"));
        runs.WaitForLog("supervisord started with pid");
        var seen = new Dictionary<Implementation, (bool, bool)>();
        foreach (var run in runs.Both)
        {
            Wait.Until(() => File.ReadAllText(run.LogPath).Contains("hello from ", StringComparison.Ordinal), $"the copied output under {run.Implementation}");
            Rewrite(run, Body("info"));
            Assert.Equal((0, "No config updates to processes\n"), run.Ctl("reread"));
            run.Ctl("restart", "talk");
            var pid = Call(run, "supervisor.getProcessInfo", "\"talk\"").Split("'pid': ")[1].Split(',')[0];
            // A second restart: its spawn line comes after the first one's output was read, had it been logged.
            run.Ctl("restart", "talk");
            var pid2 = Call(run, "supervisor.getProcessInfo", "\"talk\"").Split("'pid': ")[1].Split(',')[0];
            run.WaitForLog($"spawned: 'talk' with pid {pid2}");
            // Raw text: the copied output is the continuation line of a DEBG line.
            var log = File.ReadAllText(run.LogPath);
            seen[run.Implementation] = (log.Contains($"hello from {pid}\n", StringComparison.Ordinal),
                log.Split($"with pid {pid}\n")[1].Contains(" DEBG ", StringComparison.Ordinal));
        }
        Assert.Equal((false, true), seen[Implementation.Supervisord]);
        Assert.Equal(seen[Implementation.Supervisord], seen[Implementation.SuperNet]);
    }

    /// <summary>
    /// readLog, clearLog and maintail use the re-read logfile, while the log itself goes on in the file it opened:
    /// NO_FILE naming the new path, its contents once it exists, clearLog deleting it (and a bare NO_FILE when absent).
    /// </summary>
    [Fact]
    public void RereadLogfileIsTheOneReadLogAndClearLogUse()
    {
        using var runs = new SideBySide(Header(""));
        runs.WaitForLog("supervisord started with pid");
        var results = new Dictionary<Implementation, List<string>>();
        foreach (var run in runs.Both)
        {
            Rewrite(run, Header("").Replace("{DIR}/main.log", "{DIR}/other.log", StringComparison.Ordinal));
            Assert.Equal((0, "No config updates to processes\n"), run.Ctl("reread"));
            var seen = new List<string> { Call(run, "supervisor.readLog", "0", "0"), Call(run, "supervisor.clearLog") };
            File.WriteAllText(run.Dir.File("other.log"), "OTHER\n");
            seen.Add(Call(run, "supervisor.readLog", "0", "0"));
            seen.Add(Call(run, "supervisor.clearLog"));
            seen.Add($"{File.Exists(run.Dir.File("other.log"))} {File.Exists(run.Dir.File("main.log"))}");
            results[run.Implementation] = seen;
        }
        Assert.Equal(["FAULT 20 NO_FILE: DIR/other.log", "FAULT 20 NO_FILE", "'OTHER\\n'", "True", "False True"],
            results[Implementation.Supervisord]);
        Assert.Equal(results[Implementation.Supervisord], results[Implementation.SuperNet]);
    }

    /// <summary>The pidfile removed at exit is the re-read one: the file written at start stays.</summary>
    [Fact]
    public void RereadPidfileIsTheOneRemovedAtExit()
    {
        using var runs = new SideBySide(Header(""));
        runs.WaitForLog("supervisord started with pid");
        foreach (var run in runs.Both)
        {
            Wait.Until(() => File.Exists(run.Dir.File("sv.pid")), $"the pidfile of {run.Implementation}");
            Rewrite(run, Header("").Replace("{DIR}/sv.pid", "{DIR}/new.pid", StringComparison.Ordinal));
            Assert.Equal((0, "No config updates to processes\n"), run.Ctl("reread"));
            File.WriteAllText(run.Dir.File("new.pid"), "1\n");
        }
        Assert.Equal((0, 0), runs.Shutdown());
        foreach (var run in runs.Both)
        {
            Assert.True(File.Exists(run.Dir.File("sv.pid")), $"{run.Implementation} removed the pidfile it wrote");
            Assert.False(File.Exists(run.Dir.File("new.pid")), $"{run.Implementation} left the re-read pidfile");
        }
    }

    /// <summary>
    /// supervisord's ENV_ table only grows within a generation: a name an earlier read's [supervisord] environment
    /// defined still expands after it was removed (even when that read failed further on), though the programs'
    /// environment no longer has it. supernetd refused the reread (CANT_REREAD, names that cannot be expanded).
    /// </summary>
    [Fact]
    public void RereadStillExpandsEnvNamesAnEarlierReadDefined()
    {
        const string program = """
            [program:p]
            command=sh -c 'echo "arg=%(ENV_A)s/%(ENV_B)s env=$A/$B"; exec sleep 1000'
            startsecs=0
            stdout_logfile={DIR}/p.out

            """;
        const string broken = """
            [program:bad]
            command=true
            startsecs=soon

            """;
        using var runs = new SideBySide(Header("environment=A=one") + program.Replace("/%(ENV_B)s", "", StringComparison.Ordinal));
        runs.WaitForLog("supervisord started with pid");
        var results = new Dictionary<Implementation, List<string>>();
        foreach (var run in runs.Both)
        {
            Wait.Until(() => Text(run, "p.out").Length > 0, $"the first line under {run.Implementation}");
            Rewrite(run, Header("environment=A=one,B=two") + program + broken);
            var failed = run.Ctl("reread");
            Rewrite(run, Header("") + program);
            var seen = new List<string> { failed.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture), run.Ctl("update").Output };
            Assert.True(seen[1] == "p: stopped\np: updated process group\n", $"{run.Implementation}: {seen[1]}");
            Wait.Until(() => Text(run, "p.out").Split('\n').Length > 2, $"the second line under {run.Implementation}");
            seen.Add(Text(run, "p.out"));
            results[run.Implementation] = seen;
        }
        Assert.Equal(["1", "p: stopped\np: updated process group\n", "arg=one env=one/\narg=one/two env=/\n"], results[Implementation.Supervisord]);
        Assert.Equal(results[Implementation.Supervisord], results[Implementation.SuperNet]);
    }
}
