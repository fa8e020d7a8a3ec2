namespace SuperNet.Linux;

/// <summary>
/// The pids of our own live children, shared by spawner, reaper and signaller. The spawner holds
/// <see cref="Gate"/> across posix_spawn and registration, and the reaper collects a zombie under
/// the same lock, so an exit is never seen for a pid not yet registered and kill() never reaches a
/// pid that was already collected (and might be reused).
/// </summary>
internal sealed class PidRegistry
{
    private readonly HashSet<int> _live = [];
    private readonly HashSet<int> _groupKilledAtExit = [];
    private long _spawns;

    public object Gate { get; } = new();

    /// <summary>Caller holds <see cref="Gate"/>.</summary>
    public void AddLocked(int pid, bool killGroupAtExit)
    {
        _live.Add(pid);
        if (killGroupAtExit)
        {
            _groupKilledAtExit.Add(pid);
        }
        _spawns++;
        Monitor.PulseAll(Gate);
    }

    /// <summary>Caller holds <see cref="Gate"/>.</summary>
    public bool ContainsLocked(int pid) => _live.Contains(pid);

    /// <summary>Caller holds <see cref="Gate"/>.</summary>
    public bool KillsGroupAtExitLocked(int pid) => _groupKilledAtExit.Contains(pid);

    /// <summary>Caller holds <see cref="Gate"/>.</summary>
    public bool RemoveLocked(int pid)
    {
        _groupKilledAtExit.Remove(pid);
        return _live.Remove(pid);
    }

    public long SpawnCount
    {
        get
        {
            lock (Gate)
            {
                return _spawns;
            }
        }
    }

    /// <summary>
    /// Blocks until a spawn happens after <paramref name="seen"/> spawns, or until <paramref name="limit"/>
    /// has passed when one is given.
    /// </summary>
    public void WaitForSpawnAfter(long seen, TimeSpan? limit = null)
    {
        lock (Gate)
        {
            if (limit is { } timeout)
            {
                if (_spawns == seen)
                {
                    Monitor.Wait(Gate, timeout);
                }
                return;
            }
            while (_spawns == seen)
            {
                Monitor.Wait(Gate);
            }
        }
    }

    public int Count
    {
        get
        {
            lock (Gate)
            {
                return _live.Count;
            }
        }
    }
}
