using System.Text.RegularExpressions;

namespace SuperNet.Integration.Tests.Harness;

/// <summary>Makes main-log lines of two runs comparable: pids and scratch paths differ between them.</summary>
public static partial class Normalize
{
    [GeneratedRegex(@"\bpid \d+")]
    private static partial Regex Pid();

    [GeneratedRegex(@"'(\S+)' \(\d+\) with SIGKILL")]
    private static partial Regex KillPid();

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
