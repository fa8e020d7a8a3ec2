using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// The README's first command runs conf/supervisord.conf (and its conf.d): what the README says happens does, under
/// both daemons. Its fixed /tmp paths are moved into the run's own directory (tests share the machine).
/// </summary>
public sealed class SampleConfigTests
{
    private static string Sample()
    {
        var conf = Path.Combine(Binaries.RepositoryRoot, "conf");
        var text = File.ReadAllText(Path.Combine(conf, "supervisord.conf"))
            .Replace("/tmp/supernet-sample.sock", "%(here)s/sv.sock", StringComparison.Ordinal)
            .Replace("/tmp/supernet-sample.log", "%(here)s/main.log", StringComparison.Ordinal)
            .Replace("/tmp/supernet-sample.pid", "%(here)s/sv.pid", StringComparison.Ordinal)
            .Replace("/tmp/supernet-sample-ticker.log", "%(here)s/ticker.log", StringComparison.Ordinal)
            .Replace("childlogdir=/tmp ", "childlogdir=%(here)s ", StringComparison.Ordinal)
            .Replace("files=conf.d/*.conf", $"files={conf}/conf.d/*.conf", StringComparison.Ordinal);
        Assert.DoesNotMatch(@"(?m)^[^;\n]*=\s*(unix://)?/tmp", text);
        return text;
    }

    [Theory]
    [InlineData(Implementation.SuperNet)]
    [InlineData(Implementation.Supervisord)]
    public void It_runs_as_the_readme_says_status_exits_3_for_the_finished_migrate_and_ctrl_c_exits_0(Implementation implementation)
    {
        using var run = SupervisorRun.Start(implementation, Sample());
        run.WaitForLog("supervisord started");
        foreach (var name in new[] { "ticker", "worker_00", "worker_01", "clock" })
            run.WaitForLog($"success: {name} entered RUNNING state");
        run.WaitForLog("exited: migrate (exit status 0; expected)");

        var states = new Regex(@"^(\S+) +(\S+)", RegexOptions.Multiline);
        string[] expected = ["clock RUNNING", "migrate EXITED", "services:ticker RUNNING", "worker:worker_00 RUNNING", "worker:worker_01 RUNNING"];
        foreach (var ctl in new[] { Binaries.Supernetctl, Binaries.Supervisorctl })
        {
            var (code, output) = SupervisorRun.Run(ctl, ["-c", run.ConfigPath, "status"]);
            Assert.Equal(3, code);
            Assert.Equal(expected, states.Matches(output).Select(m => $"{m.Groups[1].Value} {m.Groups[2].Value}"));
        }
        // [supervisord] environment reaches the program, %(ENV_HOME)s expanded.
        var ticker = run.Dir.File("ticker.log");
        Wait.Until(() => File.Exists(ticker) && File.ReadAllText(ticker).Contains(
            $"hello from {Environment.GetEnvironmentVariable("HOME")}: tick ", StringComparison.Ordinal), "ticker's first line");

        // Every program's processes, the shells' sleeps included: Ctrl-C ends them all, none is left an orphan.
        var programs = ProcessTree.Descendants(run.DaemonPid)
            .Select(pid => (Pid: pid, Command: string.Join(' ', ProcessTree.CommandLine(pid) ?? [])))
            .Where(p => p.Command.Length > 0).ToList();
        Assert.Contains(programs, p => p.Command.StartsWith("sleep 30", StringComparison.Ordinal));

        run.Signal(2);

        Assert.Equal(0, run.WaitForExit());
        foreach (var name in new[] { "ticker", "worker_00", "worker_01", "clock" })
            Assert.Contains(run.Log(), l => l.Message == $"stopped: {name} (terminated by SIGTERM)");
        Wait.Until(() => programs.All(p => ProcessTree.Stat(p.Pid) is null or { State: 'Z' }
            || string.Join(' ', ProcessTree.CommandLine(p.Pid) ?? []) != p.Command), "no process of the sample's programs left",
            // Well inside clock's `sleep 30`, which an orphan would sleep out.
            seconds: 15);
    }
}
