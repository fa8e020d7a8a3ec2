namespace SuperNet.Core.Os;

/// <summary>Linux x86-64 signal numbers and supervisord's name rules (contract §4.4, §3.9).</summary>
public static class Signals
{
    public const int HUP = 1, INT = 2, QUIT = 3, KILL = 9, USR1 = 10, USR2 = 12, PIPE = 13, TERM = 15, CHLD = 17;

    // Order matters for number -> name: upstream's map resolves aliases to SIGABRT, SIGCHLD, SIGPOLL.
    private static readonly (string Name, int Number)[] Table =
    [
        ("HUP", 1), ("INT", 2), ("QUIT", 3), ("ILL", 4), ("TRAP", 5), ("IOT", 6), ("ABRT", 6), ("BUS", 7),
        ("FPE", 8), ("KILL", 9), ("USR1", 10), ("SEGV", 11), ("USR2", 12), ("PIPE", 13), ("ALRM", 14),
        ("TERM", 15), ("STKFLT", 16), ("CLD", 17), ("CHLD", 17), ("CONT", 18), ("STOP", 19), ("TSTP", 20),
        ("TTIN", 21), ("TTOU", 22), ("URG", 23), ("XCPU", 24), ("XFSZ", 25), ("VTALRM", 26), ("PROF", 27),
        ("WINCH", 28), ("IO", 29), ("POLL", 29), ("PWR", 30), ("SYS", 31), ("RTMIN", 34), ("RTMAX", 64),
    ];

    /// <summary>"SIGTERM" for 15; "signal 40" for a number without a name.</summary>
    public static string Name(int number)
    {
        string? found = null;
        foreach (var (name, n) in Table)
        {
            if (n == number)
            {
                found = name; // last alias wins: ABRT over IOT, CHLD over CLD, POLL over IO
            }
        }
        return found is null ? $"signal {number}" : "SIG" + found;
    }

    /// <summary>Numbers supervisord accepts as a signal: 0-31, 34 and 64.</summary>
    public static bool IsValidNumber(int number) => number is >= 0 and <= 31 or 34 or 64;
}
