using System.Text.RegularExpressions;

namespace SuperNet.Testing;

/// <summary>
/// Replaces what legitimately differs between two runs (pids, uptimes, dates, scratch paths, Python source
/// locations), so the output of supervisord and supernetd, or of supervisorctl and supernetctl, can be compared.
/// </summary>
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

    [GeneratedRegex(@"\bpid \d+")]
    private static partial Regex Pid();

    [GeneratedRegex(@"'(\S+)' \(\d+\) with SIGKILL")]
    private static partial Regex KillPid();

    /// <summary>A client's output (status lines, pids, stop dates, tracebacks' locations, the program's name).</summary>
    public static string Text(string text)
    {
        text = Uptime().Replace(text, "pid N, uptime U");
        text = BarePid().Replace(text, "N");
        text = StopDate().Replace(text, "DATE");
        text = PythonLocation().Replace(text, "file: F line: L");
        return HelpHint().Replace(text, "For help, use PROG -h");
    }

    /// <summary>A client run's output; sortLines for answers whose line order is not part of the contract.</summary>
    public static CtlResult Result(CtlResult r, bool sortLines = false) =>
        new(sortLines ? SortLines(Text(r.Stdout)) : Text(r.Stdout), Text(r.Stderr), r.ExitCode);

    /// <summary>The lines of text, sorted: for answers whose line order is not part of the contract.</summary>
    public static string SortLines(string text) =>
        string.Concat(text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal).Select(l => l + "\n"));

    /// <summary>A main-log line without its time and pids.</summary>
    public static string Line(LogLine line) =>
        $"{line.Level} {KillPid().Replace(Pid().Replace(line.Message, "pid N"), "'$1' (N) with SIGKILL")}";

    /// <summary>The lifecycle lines (spawned, success, exited, gave up, stopped, killing...) that mention <paramref name="name"/>.</summary>
    public static IReadOnlyList<string> About(IEnumerable<LogLine> log, string name) =>
        log.Where(l => Mentions(l.Message, name)).Select(Line).ToList();

    /// <summary>
    /// Drops a line equal to the one before it. supervisord checks stopwaitsecs on its 1 s loop and reaps
    /// lazily, so it sometimes sends a second SIGKILL to a process that is already dead; supernetd never does.
    /// </summary>
    public static IReadOnlyList<string> CollapseRepeats(IReadOnlyList<string> lines) =>
        lines.Where((line, i) => i == 0 || line != lines[i - 1]).ToList();

    private static bool Mentions(string message, string name) =>
        message.Contains($"'{name}'", StringComparison.Ordinal) ||
        message.Contains($": {name} ", StringComparison.Ordinal) ||
        message.Contains($": {name}\n", StringComparison.Ordinal) ||
        message.EndsWith($": {name}", StringComparison.Ordinal);
}
