using SuperNet.Core.Processes;

namespace SuperNet.Core.Events;

/// <summary>
/// supervisord's notify(): hands each event to every pool subscribed to its type, in the order the pools
/// were created, and routes rejected events back to the pool that sent them. Owner thread only.
/// </summary>
public sealed class EventHub
{
    private readonly List<ListenerPool> pools = [];
    private long serial = -1;

    public IReadOnlyList<ListenerPool> Pools => pools;

    internal void Add(ListenerPool pool) => pools.Add(pool);

    /// <summary>A removed pool stops receiving at once, so it never hears of its own removal.</summary>
    internal void Remove(ListenerPool pool) => pools.Remove(pool);

    public void Notify(SupervisorEvent emitted)
    {
        foreach (var pool in pools)
        {
            if (pool.Subscribes(emitted.Name))
            {
                pool.Accept(emitted, NextSerial);
            }
        }
    }

    /// <summary>Upstream matches the rejecting process to pools by priority (a quirk); identity is what was meant.</summary>
    internal void Reject(SupervisorEvent rejected, Subprocess from)
    {
        foreach (var pool in pools)
        {
            if (pool.Owns(from))
            {
                pool.Accept(rejected, NextSerial, head: true);
            }
        }
    }

    internal void DispatchAll()
    {
        foreach (var pool in pools)
        {
            pool.Dispatch(NextSerial);
        }
    }

    internal bool AnySubscribes(string eventName) => pools.Any(p => p.Subscribes(eventName));

    private long NextSerial() => serial = serial == long.MaxValue ? 0 : serial + 1;
}
