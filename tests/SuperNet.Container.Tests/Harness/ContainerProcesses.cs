namespace SuperNet.Container.Tests.Harness;

/// <summary>
/// The container's processes as its own /proc shows them, read by a shell inside it (the images have no ps; podman
/// top and docker top disagree on whose pids they show).
/// </summary>
public static class ContainerProcesses
{
    /// <summary>Prints every /proc/PID/stat line; a process that ends meanwhile is skipped.</summary>
    public const string StatScript = """for f in /proc/[0-9]*/stat; do read -r l < "$f" 2>/dev/null && echo "$l"; done""";

    /// <summary>Prints the stat line of every zombie, then "end": "end" alone means none.</summary>
    public const string ZombieScript = """for f in /proc/[0-9]*/stat; do read -r l < "$f" 2>/dev/null; case "$l" in *") Z "*) echo "$l";; esac; done; echo end""";

    /// <summary>"pid ppid comm" for each stat line <see cref="StatScript"/> printed.</summary>
    public static string[] Parse(string statLines) =>
        statLines.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(stat =>
            {
                var close = stat.LastIndexOf(')');
                var rest = stat[(close + 2)..].Split(' ');
                return $"{stat[..stat.IndexOf(' ', StringComparison.Ordinal)]} {rest[1]} {stat[(stat.IndexOf('(', StringComparison.Ordinal) + 1)..close]}";
            })
            .ToArray();
}
