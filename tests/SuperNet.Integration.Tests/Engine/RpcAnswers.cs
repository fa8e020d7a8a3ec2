using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>rpc_answers.py: supervisor.* calls over the run's socket, one line per answer as sent, faults included.</summary>
public static class RpcAnswers
{
    /// <summary>Each call is a method and its arguments (strings; "i:N" is the int N).</summary>
    public static IReadOnlyList<string> Of(SupervisorRun run, IEnumerable<string[]> calls)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Engine", "rpc_answers.py");
        var (code, output) = SupervisorRun.Run(Binaries.Python, [script, run.SocketPath, .. calls.SelectMany(c => c.Append("--"))]);
        Assert.True(code == 0, $"rpc_answers.py against {run.Implementation} failed ({code}):\n{output}");
        return output.Split('\n')[..^1];
    }
}
