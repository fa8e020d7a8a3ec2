using System.Text.Json;
using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class JsonSupervisord() : Supervisord();

/// <summary>--json output parses and carries what supervisor's own XML-RPC client reads from the server.</summary>
public sealed class JsonTests(JsonSupervisord server) : IClassFixture<JsonSupervisord>
{
    private string[] Options => ["-c", server.ConfigPath];

    [Fact]
    public void Status_carries_getAllProcessInfo()
    {
        var from = UnixNow();
        var ours = Clients.Ours([.. Options, "--json", "status"]);
        var expected = Oracle("getAllProcessInfo");
        Assert.Equal(3, ours.ExitCode);
        Assert.Equal("", ours.Stderr);
        AssertSameInfos(expected.EnumerateArray(), Parse(ours.Stdout).EnumerateArray(), from);
    }

    [Fact]
    public void Status_of_names_filters_like_the_table()
    {
        var from = UnixNow();
        var ours = Clients.Ours([.. Options, "status", "grp:*", "nosuch", "--json"]);
        Assert.Equal(RealBatch.Run([.. Options, "status", "grp:*", "nosuch"]).ExitCode, ours.ExitCode);
        Assert.Equal("nosuch: ERROR (no such process)\n", ours.Stderr);
        var expected = Oracle("getAllProcessInfo").EnumerateArray().Where(i => i.GetProperty("group").GetString() == "grp");
        AssertSameInfos(expected, Parse(ours.Stdout).EnumerateArray(), from);
    }

    [Fact]
    public void Avail_carries_getAllConfigInfo()
    {
        var ours = Clients.Ours([.. Options, "--json", "avail"]);
        Assert.Equal(0, ours.ExitCode);
        Assert.Equal(Oracle("getAllConfigInfo").GetRawText(), Reserialize(Parse(ours.Stdout)));
    }

    [Fact]
    public void Pid_version_and_reread()
    {
        var pids = Parse(Clients.Ours([.. Options, "--json", "pid", "all"]).Stdout);
        var infos = Oracle("getAllProcessInfo");
        Assert.Equal(
            infos.EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("pid").GetInt32())),
            pids.EnumerateArray().Select(i => (i.GetProperty("name").GetString(), i.GetProperty("pid").GetInt32())));
        Assert.Equal(server.Pid, Parse(Clients.Ours([.. Options, "--json", "pid"]).Stdout).GetProperty("pid").GetInt32());
        Assert.Equal(Oracle("getSupervisorVersion").GetString(), Parse(Clients.Ours([.. Options, "version", "--json"]).Stdout).GetProperty("version").GetString());
        var reread = Parse(Clients.Ours([.. Options, "--json", "reread"]).Stdout);
        Assert.Equal(0, reread.GetProperty("added").GetArrayLength() + reread.GetProperty("changed").GetArrayLength() + reread.GetProperty("removed").GetArrayLength());
    }

    [Fact]
    public void Start_and_stop_results_carry_status_codes()
    {
        Clients.Ours([.. Options, "stop", "manual"]);
        var started = Clients.Ours([.. Options, "--json", "start", "manual", "nosuch", "nog:*"]);
        Assert.Equal(2, started.ExitCode);
        Assert.Equal(
            """[{"name":"manual","group":"manual","status":80,"description":"OK"},{"name":"nosuch","group":"nosuch","status":10,"description":"BAD_NAME: nosuch"},{"name":null,"group":"nog","status":10,"description":"BAD_NAME: nog"}]""",
            started.Stdout.TrimEnd('\n'));
        var restarted = Parse(Clients.Ours([.. Options, "--json", "restart", "manual"]).Stdout);
        Assert.Equal(80, restarted.GetProperty("stop")[0].GetProperty("status").GetInt32());
        Assert.Equal(80, restarted.GetProperty("start")[0].GetProperty("status").GetInt32());
        var stopped = Clients.Ours([.. Options, "--json", "stop", "manual", "manual"]);
        Assert.Equal(0, stopped.ExitCode);
        Assert.Equal(70, Parse(stopped.Stdout)[1].GetProperty("status").GetInt32());
    }

    [Fact]
    public void Tail_carries_the_text_and_its_byte_count()
    {
        var stdout = Parse(Clients.Ours([.. Options, "--json", "tail", "echoer"]).Stdout);
        Assert.Equal("echoer", stdout.GetProperty("name").GetString());
        Assert.Equal("stdout", stdout.GetProperty("channel").GetString());
        Assert.Equal("hello\n", stdout.GetProperty("data").GetString());
        Assert.Equal(6, stdout.GetProperty("bytes").GetInt32());
        var stderr = Parse(Clients.Ours([.. Options, "tail", "-2", "echoer", "stderr", "--json"]).Stdout);
        Assert.Equal("r\n", stderr.GetProperty("data").GetString());
        Assert.Equal(2, stderr.GetProperty("bytes").GetInt32());
        var main = Parse(Clients.Ours([.. Options, "--json", "maintail", "-100"]).Stdout);
        Assert.Equal("supervisord", main.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, main.GetProperty("channel").ValueKind);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(main.GetProperty("data").GetString()!), main.GetProperty("bytes").GetInt32());
        Assert.InRange(main.GetProperty("bytes").GetInt32(), 1, 100);
    }

    [Fact]
    public void Streams_and_commands_without_structured_results_refuse_json()
    {
        Assert.Equal(new CtlResult("", "Error: --json is not supported by -f (the stream is the log's own bytes)\n", 2),
            Clients.Ours([.. Options, "--json", "tail", "-f", "echoer"]));
        Assert.Equal(new CtlResult("", "Error: --json is not supported by help\n", 2), Clients.Ours([.. Options, "--json", "help"]));
    }

    [Fact]
    public void Connection_failure_goes_to_stderr_with_the_url()
    {
        var ours = Clients.Ours(["-s", "unix:///nonexistent/s.sock", "--json", "status"]);
        Assert.Equal(new CtlResult("", "unix:///nonexistent/s.sock no such file\n", 4), ours);
    }

    /// <summary>
    /// Both answers must agree field by field; "now" is the server's clock at each call, so it is checked
    /// against the window the two calls ran in (ours first, then the oracle's), not against a tolerance
    /// that a loaded machine can exceed.
    /// </summary>
    private static void AssertSameInfos(IEnumerable<JsonElement> expected, IEnumerable<JsonElement> actual, long from)
    {
        var until = UnixNow() + 1;
        var e = expected.ToArray();
        var a = actual.ToArray();
        Assert.Equal(e.Length, a.Length);
        for (var i = 0; i < e.Length; i++)
        {
            Assert.Equal(e[i].EnumerateObject().Select(p => p.Name).Order(), a[i].EnumerateObject().Select(p => p.Name).Order());
            foreach (var property in e[i].EnumerateObject())
            {
                var mine = a[i].GetProperty(property.Name);
                switch (property.Name)
                {
                    case "now":
                        Assert.InRange(mine.GetInt64(), from, property.Value.GetInt64());
                        Assert.InRange(property.Value.GetInt64(), from, until);
                        break;
                    case "description":
                        Assert.Equal(Normalize.Text(property.Value.GetString()!), Normalize.Text(mine.GetString()!));
                        break;
                    default:
                        Assert.Equal(property.Value.GetRawText(), mine.GetRawText());
                        break;
                }
            }
        }
    }

    private static long UnixNow() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    private JsonElement Oracle(string method)
    {
        var result = ProcessRun.Run(Clients.Python, [Path.Combine(AppContext.BaseDirectory, "Oracle", "rpc_call.py"), server.SocketUrl, method]);
        Assert.True(result.ExitCode == 0, result.ToString());
        return Parse(result.Stdout);
    }

    private static JsonElement Parse(string text)
    {
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.Clone();
    }

    /// <summary>Python's json.dumps layout, so two documents compare as text.</summary>
    private static string Reserialize(JsonElement element)
    {
        var python = ProcessRun.Run(Clients.Python, ["-c", "import json,sys; print(json.dumps(json.load(sys.stdin)))"], element.GetRawText());
        return python.Stdout.TrimEnd('\n');
    }
}
