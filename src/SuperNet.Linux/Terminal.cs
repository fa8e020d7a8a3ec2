using System.Runtime.InteropServices;

namespace SuperNet.Linux;

/// <summary>Whether one of the daemon's fds is a terminal (colour belongs there and nowhere else).</summary>
public static partial class Terminal
{
    /// <summary>True when <paramref name="fd"/> is a terminal and NO_COLOR (no-color.org) is unset or empty.</summary>
    public static bool WantsColour(int fd) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR")) && IsATty(fd) == 1;

    [LibraryImport("libc", EntryPoint = "isatty")]
    private static partial int IsATty(int fd);
}
