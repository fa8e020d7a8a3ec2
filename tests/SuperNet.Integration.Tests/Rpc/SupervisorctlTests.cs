using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// The real supervisorctl against supernetd and against supervisord 4.2.5 on the same configuration, for
/// every command of contract §6.3: same output, same exit code.
/// </summary>
public sealed class SupervisorctlTests
{
    private const string Config = RpcConfigs.Programs + "\n\n" + """
        [program:bad]
        command=/nonexistent/thing
        autostart=false

        [program:quick]
        command=/bin/sh -c "exit 0"
        autostart=false
        startretries=0
        ; far beyond supervisord's lazy reaping (trap 34), so its exit is always "too quick"
        startsecs=10
        """;

    private static CtlPair Started(SideBySide runs)
    {
        foreach (var name in new[] { "a", "c", "d" })
        {
            runs.WaitForLog($"success: {name} ");
        }
        foreach (var run in runs.Both)
        {
            Wait.Until(() => File.Exists(run.Dir.File("a.out")) && File.ReadAllText(run.Dir.File("a.out")) == "a-out\n"
                && File.Exists(run.Dir.File("a.err")) && File.ReadAllText(run.Dir.File("a.err")) == "a-err\n",
                $"a's output under {run.Implementation}");
        }
        return new CtlPair(runs);
    }

    [Fact]
    public void ProcessCommandsMatchSupervisord()
    {
        using var runs = new SideBySide(Config);
        var ctl = Started(runs);

        Assert.Equal(3, ctl.Same("status").ExitCode);
        ctl.Same("status", "a", "g:*");
        ctl.Same("status", "nosuch");

        Assert.Equal(0, ctl.Same("start", "b").ExitCode);
        ctl.Same("start", "b");
        ctl.Same("start", "nosuch");
        ctl.Same("start", "bad");
        Assert.Equal(7, ctl.Same("start", "quick").ExitCode);
        ctl.Same("status", "quick", "bad");

        ctl.SameLines("stop", "g:*");
        ctl.Same("stop", "g:*");
        ctl.Same("start", "g:*");
        ctl.Same("restart", "a");
        ctl.Same("stop", "nosuch");
        ctl.Same("stop", "bad");

        ctl.Same("signal", "CONT", "c");
        ctl.Same("signal", "BOGUS", "c");
        ctl.Same("signal", "HUP", "bad");
        ctl.Same("signal", "CONT", "g:*");

        ctl.Same("pid");
        ctl.Same("pid", "a");
        ctl.Same("pid", "bad");
        ctl.Same("pid", "nosuch");

        ctl.SameLines("stop", "all");
        ctl.Same("status");
        ctl.SameLines("start", "all");
        ctl.SameLines("restart", "all");
        ctl.Same("status");
        ctl.Same("version");
        ctl.Same("help");
        ctl.Same("help", "start");

        Assert.Equal((0, 0), runs.Shutdown());
    }

    [Fact]
    public void LogCommandsMatchSupervisord()
    {
        using var runs = new SideBySide(Config);
        var ctl = Started(runs);

        ctl.Same("tail", "a");
        ctl.Same("tail", "-3", "a");
        ctl.Same("tail", "a", "stderr");
        ctl.Same("tail", "-100", "a", "stderr");
        ctl.Same("tail", "b");
        ctl.Same("tail", "nosuch");
        ctl.Same("clear", "a");
        ctl.Same("tail", "a");
        ctl.Same("clear", "b");
        ctl.Same("clear", "nosuch");
        ctl.SameLines("clear", "all");

        // Same lines; their timestamps and pids differ, and supervisord logs a pass's results in its own order.
        var ours = runs.Ours.Ctl("maintail", "-0");
        var oracle = runs.Oracle.Ctl("maintail", "-0");
        Assert.Equal(oracle.ExitCode, ours.ExitCode);
        Assert.Equal(MainLogLines(oracle.Output), MainLogLines(ours.Output));
        Assert.Contains("INFO RPC interface 'supervisor' initialized", ours.Output);
        // Start-up lines, up to "supervisord started", come in supervisord's order (§5.2).
        Assert.Equal(StartupLines(runs.Oracle), StartupLines(runs.Ours));
        Assert.Equal(MainLogLines(runs.Oracle.Ctl("maintail", "-200").Output).Count > 0, MainLogLines(runs.Ours.Ctl("maintail", "-200").Output).Count > 0);
        ctl.Same("maintail", "foo");

        Assert.Equal((0, 0), runs.Shutdown());
    }

    private static List<string> StartupLines(SupervisorRun run) =>
        [.. run.Log().TakeWhile(l => !l.Message.StartsWith("supervisord started", StringComparison.Ordinal)).Select(Normalize.Line)];

    private static List<string> MainLogLines(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(LogLine.Parse).OfType<LogLine>()
            .Select(Normalize.Line)
            .Order(StringComparer.Ordinal)];

    [Fact]
    public void ConfigCommandsMatchSupervisord()
    {
        using var runs = new SideBySide(Config);
        var ctl = Started(runs);

        ctl.Same("avail");
        ctl.Same("reread");
        ctl.Same("update");

        ctl.EditConfig(text => text
            .Replace("[program:quick]", "[program:quick-gone]")
            .Replace("[program:b]\ncommand=/bin/sleep 1000", "[program:b]\ncommand=/bin/sleep 999")
            + "\n[program:e]\ncommand=/bin/sleep 1000\nstartsecs=0\n");
        ctl.Same("reread");
        ctl.Same("avail");
        ctl.Same("remove", "quick");
        ctl.Same("remove", "quick");
        ctl.Same("add", "quick-gone");
        ctl.Same("add", "e");
        ctl.Same("add", "e");
        ctl.Same("add", "nosuch");
        ctl.Same("remove", "a");
        ctl.Same("update");
        ctl.Same("status");
        ctl.Same("avail");

        ctl.EditConfig(text => text.Replace("[program:bad]", "[program:bad]\nautorestart=maybe"));
        ctl.Same("reread");
        ctl.Same("update");
        ctl.EditConfig(text => text.Replace("autorestart=maybe\n", ""));

        Assert.Equal(0, ctl.Same("reload").ExitCode);
        foreach (var run in runs.Both)
        {
            run.WaitForLog("success: a ", occurrence: 2);
            run.WaitForLog("success: e ", occurrence: 2);
            Wait.Until(() => run.Ctl("status", "g:*").ExitCode == 0, $"{run.Implementation} serving again");
        }
        ctl.Same("status");

        Assert.Equal(0, ctl.Same("shutdown").ExitCode);
        Assert.Equal(0, runs.Ours.WaitForExit());
        Assert.Equal(0, runs.Oracle.WaitForExit());
        Assert.False(File.Exists(runs.Ours.SocketPath), "the socket file is removed at a clean exit");
        ctl.Same("status");
    }
}
