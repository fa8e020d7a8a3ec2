using System.Text.Json;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>stdout_logfile=stdout / /dev/stdout with log_prefix= and log_format=json, three writers at once.</summary>
public sealed partial class PrefixedOutputTests
{
    private const int Lines = 5000;

    private static string Config(string writer, string programKeys) => $$"""
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [program:w1]
        command={{writer}} w1 {{Lines}}
        startsecs=0
        autorestart=false
        stdout_logfile=stdout
        {{programKeys}}

        [program:w2]
        command={{writer}} w2 {{Lines}}
        startsecs=0
        autorestart=false
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        {{programKeys}}

        [program:w3]
        command={{writer}} w3 {{Lines}}
        startsecs=0
        autorestart=false
        stdout_logfile=stdout
        {{programKeys}}
        """;

    [GeneratedRegex(@"^(w\d) \| (.*)$")]
    private static partial Regex Prefixed();

    private static IReadOnlyList<string> RunWriters(string programKeys)
    {
        using var scripts = new TempDir();
        using var run = SupervisorRun.Start(Implementation.SuperNet, Config(Writers.Install(scripts), programKeys));
        foreach (var name in new[] { "w1", "w2", "w3" })
            run.WaitForLog($"exited: {name} ", TimeSpan.FromSeconds(60));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        return run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Prefixed_lines_from_three_writers_are_whole_and_complete_beside_the_main_log()
    {
        var stdout = RunWriters("log_prefix=%(program_name)s |");
        var ours = new List<(string, int)>();
        foreach (var line in stdout)
        {
            if (LogLine.Parse(line) is not null)
                continue;
            var m = Prefixed().Match(line);
            Assert.True(m.Success, $"not a prefixed line: {line}");
            var parsed = Writers.Parse(m.Groups[2].Value);
            Assert.True(parsed is not null, $"torn line: {line}");
            Assert.Equal(m.Groups[1].Value, parsed.Value.Name);
            ours.Add(parsed.Value);
        }
        Writers.AssertComplete(ours, ["w1", "w2", "w3"], Lines);
        Assert.Contains(stdout, l => l.EndsWith("INFO exited: w1 (exit status 0; expected)", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_from_three_writers_parse_and_are_complete()
    {
        var stdout = RunWriters("log_format=json");
        var ours = new List<(string, int)>();
        foreach (var line in stdout.Where(l => LogLine.Parse(l) is null))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(["time", "program", "stream", "line"], root.EnumerateObject().Select(p => p.Name));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("time").GetString());
            Assert.Equal("stdout", root.GetProperty("stream").GetString());
            var parsed = Writers.Parse(root.GetProperty("line").GetString()!);
            Assert.True(parsed is not null, $"torn line: {line}");
            Assert.Equal(root.GetProperty("program").GetString(), parsed.Value.Name);
            ours.Add(parsed.Value);
        }
        Writers.AssertComplete(ours, ["w1", "w2", "w3"], Lines);
    }

    [Fact]
    public void Without_a_prefix_lines_are_as_written()
    {
        var stdout = RunWriters("");
        var ours = stdout.Where(l => LogLine.Parse(l) is null).Select(l => Writers.Parse(l) ?? throw new Xunit.Sdk.XunitException($"torn line: {l}"));
        Writers.AssertComplete(ours.Select(p => (p.Name, p.Seq)), ["w1", "w2", "w3"], Lines);
    }
}
