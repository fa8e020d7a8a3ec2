using System.Text.RegularExpressions;
using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Logging;

/// <summary>Splits a main-log text into records (a record's message may span lines).</summary>
public static partial class MainLogRecords
{
    [GeneratedRegex(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) ")]
    private static partial Regex Header();

    public static LogLevel Level(string code) => code switch
    {
        "CRIT" => LogLevel.Critical,
        "ERRO" => LogLevel.Error,
        "WARN" => LogLevel.Warn,
        "INFO" => LogLevel.Info,
        "DEBG" => LogLevel.Debug,
        "TRAC" => LogLevel.Trace,
        _ => LogLevel.Blather,
    };

    public static List<(string Stamp, string Level, string Message)> Parse(string text)
    {
        var records = new List<(string Stamp, string Level, string Message)>();
        foreach (string line in Regex.Split(text, @"(?<=\n)"))
        {
            if (line.Length == 0)
                continue;
            var m = Header().Match(line);
            if (m.Success)
                records.Add((m.Groups[1].Value, m.Groups[2].Value, line[m.Length..]));
            else if (records.Count > 0)
                records[^1] = records[^1] with { Message = records[^1].Message + line };
            else
                throw new FormatException("main log does not start with a record header: " + line);
        }
        // Every record ends with the "\n" the line format adds.
        return records.Select(r => r.Message.EndsWith('\n') ? r with { Message = r.Message[..^1] } : throw new FormatException(r.Message)).ToList();
    }

    /// <summary>The text with every record's timestamp replaced, for comparing two runs.</summary>
    public static string Masked(string text) => string.Concat(Parse(text).Select(r => $"<stamp> {r.Level} {r.Message}\n"));
}
