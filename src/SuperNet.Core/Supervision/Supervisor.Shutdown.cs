using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// Shutdown's passes visit only the processes that can have something to do. Once starts are refused (the mood
/// is no longer RUNNING, which it never becomes again in this generation, and commands are refused), a stopped
/// process, or a RUNNING one with no health check scheduled (checks end with the starts) and no exit held, does
/// nothing in a pass and has no deadline until it changes state or exits: both reach this class. Each child exit then
/// costs the loop O(processes it touched) instead of a walk over every process, so stopping N programs is linear in N.
/// </summary>
public sealed partial class Supervisor
{
    // Built at the first shutdown pass: every process in group order (the order a full pass walks), and the
    // positions of those a pass must visit.
    private Subprocess[]? shutdownOrder;
    private Dictionary<Subprocess, int>? shutdownPosition;
    private SortedSet<int>? awake;

    private bool ShutdownPasses => Mood != SupervisorMood.Running;

    private SortedSet<int> Awake()
    {
        if (awake is not null)
        {
            return awake;
        }
        shutdownOrder = [.. groups.SelectMany(g => g.Processes)];
        shutdownPosition = new Dictionary<Subprocess, int>(shutdownOrder.Length, ReferenceEqualityComparer.Instance);
        awake = [];
        for (var i = 0; i < shutdownOrder.Length; i++)
        {
            shutdownPosition[shutdownOrder[i]] = i;
            if (!shutdownOrder[i].InertWhileStartsRefused)
            {
                awake.Add(i);
            }
        }
        return awake;
    }

    /// <summary>A process changed or was reaped: the next shutdown pass visits it.</summary>
    private void Awaken(Subprocess process)
    {
        if (awake is not null && shutdownPosition!.TryGetValue(process, out var position))
        {
            awake.Add(position);
        }
    }

    private bool TransitionAwake()
    {
        var visit = Awake();
        var again = false;
        foreach (var position in visit.ToArray())
        {
            var process = shutdownOrder![position];
            again |= TransitionGuarded(process);
            if (process.InertWhileStartsRefused)
            {
                visit.Remove(position);
            }
        }
        return again;
    }

    private TimeSpan? NextAwakeDeadline(TimeSpan? next)
    {
        foreach (var position in Awake())
        {
            next = Earliest(next, shutdownOrder![position].NextDeadline);
        }
        return next;
    }
}
