namespace SuperNet.Core.Events;

/// <summary>
/// TICK_5/60/3600 (contract §8.1): an event each time the wall clock enters a new 5, 60 or 3600 s slice,
/// none for the slice the supervisor starts in. Asked after every loop pass; the supervisor arms its timer
/// at <see cref="NextBoundary"/> only while some pool listens, so an idle supervisor without tick
/// listeners never wakes.
/// </summary>
public sealed class TickClock(DateTimeOffset start)
{
    public static readonly int[] Periods = [5, 60, 3600];

    private readonly long[] slices = [.. Periods.Select(p => Slice(p, start))];

    /// <summary>Hands <paramref name="notify"/> the ticks due at <paramref name="now"/>, each at most once per slice.</summary>
    /// <remarks>Asked on every loop pass, so it allocates nothing unless a slice has changed.</remarks>
    public void Emit(DateTimeOffset now, Action<SupervisorEvent> notify)
    {
        for (var i = 0; i < Periods.Length; i++)
        {
            var slice = Slice(Periods[i], now);
            if (slice != slices[i])
            {
                slices[i] = slice;
                notify(EventPayloads.Tick(Periods[i], slice));
            }
        }
    }

    /// <summary>When the next slice of <paramref name="period"/> begins.</summary>
    public static DateTimeOffset NextBoundary(int period, DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeSeconds(Slice(period, now) + period);

    private static long Slice(int period, DateTimeOffset when)
    {
        var seconds = when.ToUnixTimeSeconds();
        return seconds - seconds % period;
    }
}
