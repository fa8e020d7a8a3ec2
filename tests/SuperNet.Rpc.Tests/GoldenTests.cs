using System.Text.Json.Nodes;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests;

/// <summary>
/// The same scripted calls (oracle/rpc_calls.py) against supervisord 4.2.5 (goldens, made by
/// oracle/capture.py) and against our server over the real engine on the oracle config's programs (fake OS and clock).
/// </summary>
public class GoldenTests
{
    private static JsonArray Load(string path) => (JsonArray)JsonNode.Parse(File.ReadAllText(path))!;

    private static async Task<JsonArray> RunScript(params string[] args)
    {
        var result = await Run.ProcessAsync(Run.Python, [Path.Combine(Run.OracleDir, "rpc_calls.py"), .. args]);
        Assert.True(result.ExitCode == 0, result.Stderr);
        return Load(args[^1]);
    }

    private static void AssertSame(JsonArray golden, JsonArray ours)
    {
        Assert.Equal(golden.Count, ours.Count);
        var differences = new List<string>();
        for (var i = 0; i < golden.Count; i++)
        {
            var g = golden[i]!;
            var o = ours[i]!;
            if (!JsonNode.DeepEquals(g, o))
            {
                differences.Add($"supervisord: {g.ToJsonString()}\n   supernet: {o.ToJsonString()}");
            }
        }
        Assert.True(differences.Count == 0, string.Join("\n", differences));
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task EveryScriptedCallAnswersAsSupervisord(string transport)
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"));
        var ours = await RunScript("rpc", server[transport].Url, dir.Path, dir.File("rpc.json"));
        AssertSame(Load(Path.Combine(Run.OracleDir, "golden", "rpc.json")), ours);
    }

    [Fact]
    public async Task RawHttpAnswersAsSupervisord()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"));
        var ours = await RunScript("http", dir.File("sv.sock"), dir.Path, dir.File("http.json"));
        AssertSame(Load(Path.Combine(Run.OracleDir, "golden", "http.json")), ours);
    }

    [Fact]
    public async Task AuthenticationAnswersAsSupervisord()
    {
        using var dir = new TempDir();
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = await TestServer.StartAsync(engine.Context, dir.File("sv.sock"),
            "user", "{SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4", "user", "secret");
        var ours = await RunScript("auth", dir.File("sv.sock"), server.Tcp.Port.ToString(), dir.File("auth.json"));
        AssertSame(Load(Path.Combine(Run.OracleDir, "golden", "auth.json")), ours);
    }
}
