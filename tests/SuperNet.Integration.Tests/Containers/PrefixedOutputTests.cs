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
        var records = new List<(string, string)>();
        foreach (var line in stdout)
        {
            if (LogLine.Parse(line) is not null)
                continue;
            var m = Prefixed().Match(line);
            Assert.True(m.Success, $"not a prefixed line: {line}");
            records.Add((m.Groups[1].Value, m.Groups[2].Value));
        }
        var (ours, pieces) = Writers.Rejoin(records);
        Writers.AssertComplete(ours, ["w1", "w2", "w3"], Lines);
        // Each piece is a line's start held 200 ms (the JSON test below proves it by the records' times), rare; a
        // daemon that cut lines where its pipe reads end would cut them often (the writes make reads end mid-line).
        Assert.True(pieces.Count <= 3, $"{pieces.Count} lines went out in pieces");
        Assert.Contains(stdout, l => l.EndsWith("INFO exited: w1 (exit status 0; expected)", StringComparison.Ordinal));
    }

    [Fact]
    public void Json_lines_from_three_writers_parse_and_are_complete()
    {
        var stdout = RunWriters("log_format=json");
        var records = new List<(string Program, string Text)>();
        var times = new List<DateTime>();
        foreach (var line in stdout.Where(l => LogLine.Parse(l) is null))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            Assert.Equal(["time", "program", "stream", "line"], root.EnumerateObject().Select(p => p.Name));
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", root.GetProperty("time").GetString());
            Assert.Equal("stdout", root.GetProperty("stream").GetString());
            records.Add((root.GetProperty("program").GetString()!, root.GetProperty("line").GetString()!));
            times.Add(root.GetProperty("time").GetDateTime());
        }
        var (ours, pieces) = Writers.Rejoin(records);
        Writers.AssertComplete(ours, ["w1", "w2", "w3"], Lines);
        // A line's start may go out alone only after waiting 200 ms for the rest: that long after the lines read with
        // it (the program's record before it), never at the end of a pipe read.
        foreach (var piece in pieces)
        {
            var before = piece == 0 ? -1 : records.FindLastIndex(piece - 1, r => r.Program == records[piece].Program);
            Assert.True(before < 0 || times[piece] - times[before] >= TimeSpan.FromMilliseconds(199),
                $"'{records[piece].Text}' went out alone {(times[piece] - times[before]).TotalMilliseconds} ms after '{records[before].Text}'");
        }
    }

    [Fact]
    public void Without_a_prefix_lines_are_as_written()
    {
        var (ours, pieces) = Writers.RejoinRaw(RunWriters(""));
        Writers.AssertComplete(ours, ["w1", "w2", "w3"], Lines);
        Assert.True(pieces <= 3, $"{pieces} lines went out in pieces");
    }
}
