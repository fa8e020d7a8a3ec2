using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// A line that goes out in pieces (past 64 KiB, or unfinished at the 200 ms timeout) is cut between UTF-8 characters
/// in log_format=json: a character cut in two would show as U+FFFD on both sides.
/// </summary>
public sealed class SplitCharacterTests
{
    [Fact]
    public void A_long_json_line_is_cut_between_characters_so_no_piece_shows_a_replacement_character()
    {
        // 80 001 bytes: the 64 KiB limit falls inside a two-byte character.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:long]
            command=/usr/bin/python3 -c "import os; os.write(1, b'x' + '\u00e9'.encode() * 40000 + b'\nend\n')"
            startsecs=0
            autorestart=false
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            log_format=json
            """);
        run.WaitForLog("exited: long ");
        Wait.Until(() => run.Stdout.Contains("\"line\":\"end\"", StringComparison.Ordinal), "the program's last line on stdout");
        var pieces = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()!).ToList();
        Assert.Equal(3, pieces.Count);
        Assert.All(pieces, p => Assert.DoesNotContain('\ufffd', p));
        Assert.Equal("x" + new string('\u00e9', 40000) + "end", string.Concat(pieces));
    }

    [Fact]
    public void A_line_unfinished_inside_a_character_at_the_timeout_keeps_the_character_whole()
    {
        // "café" in two writes half a second apart, the pause inside the é.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:pause]
            command=/usr/bin/python3 -c "import os, time; os.write(1, b'caf\xc3'); time.sleep(0.5); os.write(1, b'\xa9\nend\n')"
            startsecs=0
            autorestart=false
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            log_format=json
            """);
        run.WaitForLog("exited: pause ");
        Wait.Until(() => run.Stdout.Contains("\"line\":\"end\"", StringComparison.Ordinal), "the program's last line on stdout");
        var pieces = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith('{'))
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()!).ToList();
        Assert.All(pieces, p => Assert.DoesNotContain('\ufffd', p));
        Assert.Equal("caf\u00e9end", string.Concat(pieces));
    }
}
