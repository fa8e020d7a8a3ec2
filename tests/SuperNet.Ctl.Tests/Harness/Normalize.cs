using System.Text.RegularExpressions;

namespace SuperNet.Ctl.Tests.Harness;

/// <summary>Replaces what legitimately differs between two runs: pids, uptimes, dates, program paths, Python source locations.</summary>
public static partial class Normalize
{
    [GeneratedRegex(@"pid \d+, uptime (\d+ days?, )?\d+:\d\d:\d\d")]
    private static partial Regex Uptime();

    [GeneratedRegex(@"(?m)^\d+$")]
    private static partial Regex BarePid();

    [GeneratedRegex(@"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M")]
    private static partial Regex StopDate();

    [GeneratedRegex(@"file: \S+ line: \S+")]
    private static partial Regex PythonLocation();

    [GeneratedRegex(@"For help, use \S+ -h")]
    private static partial Regex HelpHint();

    public static string Text(string text)
    {
        text = Uptime().Replace(text, "pid N, uptime U");
        text = BarePid().Replace(text, "N");
        text = StopDate().Replace(text, "DATE");
        text = PythonLocation().Replace(text, "file: F line: L");
        return HelpHint().Replace(text, "For help, use PROG -h");
    }

    public static CtlResult Result(CtlResult r, bool sortLines = false) =>
        new(sortLines ? Sort(Text(r.Stdout)) : Text(r.Stdout), Text(r.Stderr), r.ExitCode);

    private static string Sort(string text) =>
        string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => l + "\n"));
}
