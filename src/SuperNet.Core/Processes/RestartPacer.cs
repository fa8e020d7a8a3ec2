using SuperNet.Core.Config;

namespace SuperNet.Core.Processes;

/// <summary>
/// How long a process waits before its next automatic start. By default supervisord's: the n-th failed start
/// in a row waits n seconds, and a restart after RUNNING waits until a second has passed since the previous
/// spawn (supervisord's one-second poll makes that its pace). With backoff=exponential or restart_delay= every
/// automatic restart waits its computed delay instead.
/// </summary>
internal sealed class RestartPacer(RestartPolicy policy, Func<double>? random = null)
{
    /// <summary>The earliest respawn after the previous spawn, unless the program opted into its own delays.</summary>
    public static readonly TimeSpan MinimumGap = TimeSpan.FromSeconds(1);
    // The config takes any finite number of seconds; past TimeSpan's range (about 29,000 years) a delay would
    // throw in the middle of an exit's bookkeeping, so longer waits are cut to a span that is forever in practice.
    private static readonly double LongestSeconds = TimeSpan.FromDays(36500).TotalSeconds;

    private readonly Func<double> random = random ?? Random.Shared.NextDouble;
    // Consecutive delayed restarts; only an exit after backoff_reset seconds of uptime starts it over.
    private int streak;

    public bool DelaysEveryRestart => policy.DelaysEveryRestart;

    /// <summary>The wait before the next start, after a spawn that lasted <paramref name="uptime"/>.</summary>
    /// <param name="failedStarts">supervisord's backoff counter (failed starts in a row, this one included).</param>
    public TimeSpan Next(int failedStarts, TimeSpan uptime)
    {
        if (!policy.DelaysEveryRestart)
        {
            return TimeSpan.FromSeconds(failedStarts);
        }
        if (uptime >= TimeSpan.FromSeconds(policy.ResetSeconds))
        {
            streak = 0;
        }
        streak++;
        if (policy.Kind != BackoffKind.Exponential)
        {
            return TimeSpan.FromSeconds(Math.Min(policy.FixedSeconds, LongestSeconds));
        }
        // Capped before the power can overflow: 2^64 times any initial delay is past every sane maximum.
        var seconds = Math.Min(policy.InitialSeconds * Math.Pow(2, Math.Min(streak - 1, 64)), policy.MaxSeconds);
        var factor = 1 + policy.Jitter * (2 * random() - 1);
        return TimeSpan.FromSeconds(Math.Min(seconds * factor, LongestSeconds));
    }
}
