using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// Python's xmlrpc.client with supervisor's SupervisorTransport (what scripts and childutils use) calls the
/// main methods on supernetd and on supervisord 4.2.5; rpc_calls.py prints one normalised line per call.
/// </summary>
public sealed class XmlRpcClientTests
{
    // Some 70 calls, a few of which wait for starts and stops: supervisord needs most of a minute under load.
    private static readonly TimeSpan ScriptTimeout = TimeSpan.FromSeconds(90);

    private const string Config = RpcConfigs.Programs + "\n\n" + """
        [program:r]
        command=/bin/sleep 1000
        autostart=false
        redirect_stderr=true
        stdout_logfile={DIR}/r.out

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

    [Fact]
    public void MainMethodsAnswerAsSupervisordDoes()
    {
        using var runs = new SideBySide(Config);
        foreach (var name in new[] { "a", "c", "d" })
        {
            runs.WaitForLog($"success: {name} ");
        }
        foreach (var run in runs.Both)
        {
            Wait.Until(() => File.Exists(run.Dir.File("a.err")) && File.ReadAllText(run.Dir.File("a.err")) == "a-err\n",
                $"a's output under {run.Implementation}");
        }
        var script = Path.Combine(AppContext.BaseDirectory, "Rpc", "rpc_calls.py");
        var oracle = Task.Run(() => SupervisorRun.Run(Binaries.Python, [script, runs.Oracle.SocketPath, runs.Oracle.Dir.Path], ScriptTimeout));
        var ours = Task.Run(() => SupervisorRun.Run(Binaries.Python, [script, runs.Ours.SocketPath, runs.Ours.Dir.Path], ScriptTimeout));
        Assert.True(oracle.Result.ExitCode == 0, "the script failed against supervisord:\n" + oracle.Result.Output);
        Assert.True(ours.Result.ExitCode == 0, "the script failed against supernetd:\n" + ours.Result.Output);

        var expected = oracle.Result.Output.Split('\n');
        var actual = ours.Result.Output.Split('\n');
        var differences = expected.Zip(actual).Where(p => p.First != p.Second)
            .Select(p => $"- supervisord: {p.First}\n+ supernetd:   {p.Second}").ToList();
        Assert.True(differences.Count == 0 && expected.Length == actual.Length,
            $"{differences.Count} calls differ:\n{string.Join('\n', differences)}");

        Assert.Equal(0, runs.Ours.WaitForExit());
        Assert.Equal(0, runs.Oracle.WaitForExit());
    }
}
