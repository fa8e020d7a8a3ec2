namespace SuperNet.Core.Supervision;

/// <summary>
/// Merges a signal sent again together with the same one, as supervisord does: its receiver keeps a signal that
/// arrives while the same one waits only once, and its loop takes one signal a pass, up to a second after the
/// arrival. Here the supervisor takes a signal at once and the runtime hands over the second of two sent together
/// a few milliseconds after the first, so a repeat of a shutdown signal within that second is merged as well:
/// `timeout` or `kill` sent twice logs one request. SIGHUP and SIGUSR2 are merged only while one waits: a reload or
/// reopen asked again after the first was taken (a config edited again) must run again.
/// </summary>
internal sealed class PendingSignals(TimeProvider time)
{
    private static readonly TimeSpan Together = TimeSpan.FromSeconds(1);

    private readonly HashSet<int> waiting = [];
    private readonly Dictionary<int, long> lastArrival = [];

    /// <summary>False when the same signal waits, or is a shutdown signal taken within the last second: the caller drops this one.</summary>
    public bool TryAdd(int signal)
    {
        lock (waiting)
        {
            var now = time.GetTimestamp();
            if (waiting.Contains(signal)
                || (IsShutdown(signal) && lastArrival.TryGetValue(signal, out var last) && time.GetElapsedTime(last, now) < Together))
            {
                return false;
            }
            waiting.Add(signal);
            lastArrival[signal] = now;
            return true;
        }
    }

    private static bool IsShutdown(int signal) => signal is Os.Signals.TERM or Os.Signals.INT or Os.Signals.QUIT;

    public void Taken(int signal)
    {
        lock (waiting)
        {
            waiting.Remove(signal);
        }
    }
}
