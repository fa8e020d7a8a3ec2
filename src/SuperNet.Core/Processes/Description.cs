using System.Globalization;

namespace SuperNet.Core.Processes;

/// <summary>The server-side description string of a process (contract §3.8).</summary>
public static class Description
{
    /// <param name="start">Last spawn attempt, whole epoch seconds, 0 if never.</param>
    /// <param name="stop">Last exit, whole epoch seconds, 0 if never.</param>
    /// <param name="now">Current time, whole epoch seconds.</param>
    public static string For(
        ProcessState state, int pid, long start, long stop, long now, string spawnErr, string processName, TimeZoneInfo zone)
    {
        switch (state)
        {
            case ProcessState.Running:
                return $"pid {pid}, uptime {Uptime(now - start)}";
            case ProcessState.Stopped:
            case ProcessState.Exited:
                return start == 0 ? "Not started" : StopTime(stop, zone);
            case ProcessState.Backoff:
            case ProcessState.Fatal:
                return spawnErr.Length > 0 ? spawnErr : $"unknown error (try \"tail {processName}\")";
            default:
                return "";
        }
    }

    /// <summary>
    /// <see cref="For"/>, except that a program with backoff=/restart_delay= shows in BACKOFF when its next start
    /// comes, after the reason.
    /// </summary>
    public static string ForView(ProcessState state, int pid, long start, long stop, DateTimeOffset now, string spawnErr,
        string processName, TimeZoneInfo zone, Config.RestartPolicy policy, RestartWait? pending) =>
        state == ProcessState.Backoff && policy.DelaysEveryRestart && pending is { } wait
            ? RestartIn(spawnErr, wait.At - now)
            : For(state, pid, start, stop, now.ToUnixTimeSeconds(), spawnErr, processName, zone);

    private static string RestartIn(string spawnErr, TimeSpan remaining)
    {
        var seconds = Math.Max(remaining.TotalSeconds, 0).ToString("0.0", CultureInfo.InvariantCulture);
        return spawnErr.Length > 0 ? $"{spawnErr}; restarting in {seconds} s" : $"restarting in {seconds} s";
    }

    /// <summary>Python's str(timedelta) for whole seconds: "0:00:05", "1 day, 2:03:04", "3 days, 0:00:05".</summary>
    public static string Uptime(long seconds)
    {
        if (seconds < 0)
        {
            seconds = 0;
        }
        var days = seconds / 86400;
        var rest = seconds % 86400;
        var clock = string.Create(CultureInfo.InvariantCulture, $"{rest / 3600}:{rest % 3600 / 60:00}:{rest % 60:00}");
        return days switch
        {
            0 => clock,
            1 => "1 day, " + clock,
            _ => string.Create(CultureInfo.InvariantCulture, $"{days} days, {clock}"),
        };
    }

    /// <summary>strftime("%b %d %I:%M %p") of the local time in the C locale, e.g. "Nov 27 07:09 AM".</summary>
    public static string StopTime(long epochSeconds, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(epochSeconds), zone);
        return local.ToString("MMM dd hh:mm tt", CultureInfo.InvariantCulture);
    }
}
