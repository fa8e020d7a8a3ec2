using System.Globalization;
using System.Text.RegularExpressions;

namespace SuperNet.Testing;

/// <summary>One main-log line in supervisord's format: "2026-11-27 07:09:22,889 INFO spawned: 'a' with pid 6695".</summary>
public sealed partial record LogLine(DateTime Time, string Level, string Message)
{
    [GeneratedRegex(@"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) (CRIT|ERRO|WARN|INFO|DEBG|TRAC|BLAT) (.*)$")]
    private static partial Regex Pattern();

    public static LogLine? Parse(string line)
    {
        var m = Pattern().Match(line);
        if (!m.Success)
        {
            return null;
        }
        var time = DateTime.ParseExact(m.Groups[1].Value, "yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
        return new LogLine(time, m.Groups[2].Value, m.Groups[3].Value);
    }

    public override string ToString() => $"{Level} {Message}";
}
