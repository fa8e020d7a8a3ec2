using System.Collections.Immutable;
using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>
/// What /metrics counts for one process since the daemon loaded it. Immutable and replaced (on the supervisor
/// thread) only at a spawn, an exit or the entry to RUNNING, so publishing it in the view costs a reference.
/// </summary>
/// <param name="Spawns">Spawn attempts, the first start included.</param>
/// <param name="ExitCodes">Reaped exits by exit status.</param>
/// <param name="ExitSignals">Reaped deaths by signal number.</param>
/// <param name="StartLatency">From the last spawn to RUNNING (startsecs or ready=); null before the first.</param>
public sealed record ProcessCounts(
    long Spawns,
    ImmutableSortedDictionary<int, long> ExitCodes,
    ImmutableSortedDictionary<int, long> ExitSignals,
    TimeSpan? StartLatency)
{
    public static readonly ProcessCounts None = new(0, ImmutableSortedDictionary<int, long>.Empty, ImmutableSortedDictionary<int, long>.Empty, null);

    /// <summary>Starts after the first: a restart by policy, by a client or by a dependency.</summary>
    public long Restarts => Math.Max(0, Spawns - 1);

    internal ProcessCounts Spawned() => this with { Spawns = Spawns + 1 };

    internal ProcessCounts Exited(WaitStatus status) => status.Signaled
        ? this with { ExitSignals = Increment(ExitSignals, status.TermSignal) }
        : this with { ExitCodes = Increment(ExitCodes, status.ExitCode) };

    internal ProcessCounts Running(TimeSpan latency) => this with { StartLatency = latency };

    private static ImmutableSortedDictionary<int, long> Increment(ImmutableSortedDictionary<int, long> counts, int key) =>
        counts.SetItem(key, counts.GetValueOrDefault(key) + 1);
}
