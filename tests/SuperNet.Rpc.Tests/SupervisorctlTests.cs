using System.Text.Json.Nodes;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests;

/// <summary>The real Debian supervisorctl against our server: output and exit status as with supervisord.</summary>
public class SupervisorctlTests
{
    // Group and "all" stops finish concurrently: supervisord lists them in completion order, which varies.
    private static string Comparable(string command, string stdout) =>
        command.StartsWith("stop", StringComparison.Ordinal) || command.StartsWith("restart", StringComparison.Ordinal)
            ? string.Join("\n", stdout.Split('\n').Order(StringComparer.Ordinal))
            : stdout;

    [Fact]
    public async Task EveryScriptedCommandPrintsAndExitsAsWithSupervisord()
    {
        using var dir = new TempDir();
        File.Copy(Path.Combine(Run.OracleDir, "oracle.conf"), dir.File("supervisord.conf"));
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"));

        var result = await Run.ProcessAsync(Run.Python,
            [Path.Combine(Run.OracleDir, "ctl_calls.py"), dir.File("supervisord.conf"), dir.Path, dir.File("ctl.json")], TimeSpan.FromMinutes(3));
        Assert.True(result.ExitCode == 0, result.Stderr);

        var golden = (JsonArray)JsonNode.Parse(File.ReadAllText(Path.Combine(Run.OracleDir, "golden", "ctl.json")))!;
        var ours = (JsonArray)JsonNode.Parse(File.ReadAllText(dir.File("ctl.json")))!;
        Assert.Equal(golden.Count, ours.Count);
        var differences = new List<string>();
        for (var i = 0; i < golden.Count; i++)
        {
            var command = golden[i]!["command"]!.GetValue<string>();
            var g = (golden[i]!["exit"]!.GetValue<int>(), Comparable(command, golden[i]!["stdout"]!.GetValue<string>()));
            var o = (ours[i]!["exit"]!.GetValue<int>(), Comparable(command, ours[i]!["stdout"]!.GetValue<string>()));
            if (g != o)
            {
                differences.Add($"$ supervisorctl {command}\n  supervisord: {g}\n  supernet:    {o} {ours[i]!["stderr"]}");
            }
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
        // supervisorctl shutdown ended the engine's run as a shutdown.
        Assert.Equal(Core.Supervision.SupervisorExit.Shutdown, await engine.Rig.Running.WaitAsync(TimeSpan.FromSeconds(10)));
    }
}
