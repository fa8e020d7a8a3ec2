using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// system.multicall entries that are not well-formed calls (a methodName that is not a string, an entry that is
/// not a struct) under supernetd and supervisord 4.2.5, through Python's xmlrpc.client: the same answers, and the
/// same calls run.
/// </summary>
public sealed class MulticallEntryTests
{
    private const string Config = """
        [program:early]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0

        [program:late]
        command=/bin/sleep 1000
        startsecs=0
        """;

    [Fact]
    public void MalformedEntriesAnswerAndRunAsSupervisordDoes()
    {
        using var runs = new SideBySide(Config);
        runs.WaitForLog("success: late ");
        var script = Path.Combine(AppContext.BaseDirectory, "Rpc", "multicall_entries.py");
        var oracle = Task.Run(() => SupervisorRun.Run(Binaries.Python, [script, runs.Oracle.SocketPath]));
        var ours = Task.Run(() => SupervisorRun.Run(Binaries.Python, [script, runs.Ours.SocketPath]));
        Assert.True(oracle.Result.ExitCode == 0, "the script failed against supervisord:\n" + oracle.Result.Output);
        Assert.True(ours.Result.ExitCode == 0, "the script failed against supernetd:\n" + ours.Result.Output);
        Assert.Contains("late RUNNING", oracle.Result.Output, StringComparison.Ordinal);
        Assert.True(oracle.Result.Output == ours.Result.Output,
            $"answers differ\n--- supervisord:\n{oracle.Result.Output}\n--- supernetd:\n{ours.Result.Output}");
    }
}
