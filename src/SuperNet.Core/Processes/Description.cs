using System.Globalization;

namespace SuperNet.Core.Processes;

/// <summary>
/// The server-side description string of a process (contract §3.8). Formatted into a caller's span so that
/// getAllProcessInfo can encode it straight into its answer without a string per process.
/// </summary>
public static class Description
{
    /// <summary>
    /// What any description needs at most: the fixed texts (pid, uptime days, a date, a restart delay) fit in 64
    /// characters; the rest is the spawn error or the process name.
    /// </summary>
    public static int MaxLength(string spawnErr, string processName) => 64 + spawnErr.Length + processName.Length;

    /// <summary>Descriptions up to this long are formatted on the stack; longer ones (a long spawn error) on the heap.</summary>
    public const int StackLimit = 1024;

    /// <param name="start">Last spawn attempt, whole epoch seconds, 0 if never.</param>
    /// <param name="stop">Last exit, whole epoch seconds, 0 if never.</param>
    /// <param name="now">Current time, whole epoch seconds.</param>
    public static string For(
        ProcessState state, int pid, long start, long stop, long now, string spawnErr, string processName, TimeZoneInfo zone)
    {
        var length = MaxLength(spawnErr, processName);
        var text = length <= StackLimit ? stackalloc char[length] : new char[length];
        TryFormat(text, out var written, state, pid, start, stop, now, spawnErr, processName, zone);
        return new string(text[..written]);
    }

    /// <summary>
    /// <see cref="For"/>, except that a program with backoff=/restart_delay= shows in BACKOFF when its next start
    /// comes, after the reason.
    /// </summary>
    public static string ForView(ProcessState state, int pid, long start, long stop, DateTimeOffset now, string spawnErr,
        string processName, TimeZoneInfo zone, Config.RestartPolicy policy, RestartWait? pending)
    {
        var length = MaxLength(spawnErr, processName);
        var text = length <= StackLimit ? stackalloc char[length] : new char[length];
        TryFormatView(text, out var written, state, pid, start, stop, now, spawnErr, processName, zone, policy, pending);
        return new string(text[..written]);
    }

    /// <summary><see cref="ForView"/> into <paramref name="destination"/>; false if it is shorter than <see cref="MaxLength"/> needs.</summary>
    public static bool TryFormatView(Span<char> destination, out int written, ProcessState state, int pid, long start,
        long stop, DateTimeOffset now, string spawnErr, string processName, TimeZoneInfo zone,
        Config.RestartPolicy policy, RestartWait? pending) =>
        state == ProcessState.Backoff && policy.DelaysEveryRestart && pending is { } wait
            ? TryFormatRestartIn(destination, out written, spawnErr, wait.At - now)
            : TryFormat(destination, out written, state, pid, start, stop, now.ToUnixTimeSeconds(), spawnErr, processName, zone);

    /// <summary><see cref="For"/> into <paramref name="destination"/>; false if it is shorter than <see cref="MaxLength"/> needs.</summary>
    public static bool TryFormat(Span<char> destination, out int written, ProcessState state, int pid, long start,
        long stop, long now, string spawnErr, string processName, TimeZoneInfo zone)
    {
        var c = CultureInfo.InvariantCulture;
        switch (state)
        {
            case ProcessState.Running:
                if (!destination.TryWrite(c, $"pid {pid}, uptime ", out written)
                    || !TryFormatUptime(destination[written..], out var uptime, now - start))
                {
                    return false;
                }
                written += uptime;
                return true;
            case ProcessState.Stopped:
            case ProcessState.Exited:
                return start == 0
                    ? TryCopy(destination, out written, "Not started")
                    : TryFormatStopTime(destination, out written, stop, zone);
            case ProcessState.Backoff:
            case ProcessState.Fatal:
                return spawnErr.Length > 0
                    ? TryCopy(destination, out written, spawnErr)
                    : destination.TryWrite(c, $"unknown error (try \"tail {processName}\")", out written);
            default:
                written = 0;
                return true;
        }
    }

    /// <summary>Python's str(timedelta) for whole seconds: "0:00:05", "1 day, 2:03:04", "3 days, 0:00:05".</summary>
    public static string Uptime(long seconds)
    {
        Span<char> text = stackalloc char[64];
        TryFormatUptime(text, out var written, seconds);
        return new string(text[..written]);
    }

    /// <summary>strftime("%b %d %I:%M %p") of the local time in the C locale, e.g. "Nov 27 07:09 AM".</summary>
    public static string StopTime(long epochSeconds, TimeZoneInfo zone)
    {
        Span<char> text = stackalloc char[64];
        TryFormatStopTime(text, out var written, epochSeconds, zone);
        return new string(text[..written]);
    }

    private static bool TryFormatRestartIn(Span<char> destination, out int written, string spawnErr, TimeSpan remaining)
    {
        var seconds = Math.Max(remaining.TotalSeconds, 0);
        var c = CultureInfo.InvariantCulture;
        return spawnErr.Length > 0
            ? destination.TryWrite(c, $"{spawnErr}; restarting in {seconds:0.0} s", out written)
            : destination.TryWrite(c, $"restarting in {seconds:0.0} s", out written);
    }

    private static bool TryFormatUptime(Span<char> destination, out int written, long seconds)
    {
        if (seconds < 0)
        {
            seconds = 0;
        }
        var days = seconds / 86400;
        var rest = seconds % 86400;
        var c = CultureInfo.InvariantCulture;
        return days switch
        {
            0 => destination.TryWrite(c, $"{rest / 3600}:{rest % 3600 / 60:D2}:{rest % 60:D2}", out written),
            1 => destination.TryWrite(c, $"1 day, {rest / 3600}:{rest % 3600 / 60:D2}:{rest % 60:D2}", out written),
            _ => destination.TryWrite(c, $"{days} days, {rest / 3600}:{rest % 3600 / 60:D2}:{rest % 60:D2}", out written),
        };
    }

    private static bool TryFormatStopTime(Span<char> destination, out int written, long epochSeconds, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(epochSeconds), zone);
        return local.TryFormat(destination, out written, "MMM dd hh:mm tt", CultureInfo.InvariantCulture);
    }

    private static bool TryCopy(Span<char> destination, out int written, string text)
    {
        written = text.Length;
        return text.TryCopyTo(destination);
    }
}
