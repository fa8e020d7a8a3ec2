namespace SuperNet.Rpc.Http;

/// <summary>
/// One connection's place in a <see cref="DeadlineQueue"/>: while set, its socket is closed when the deadline
/// passes, failing whatever I/O is pending on it. A connection waits on one thing at a time, so it has one, and
/// setting it again moves it.
/// </summary>
internal sealed class Deadline(IDisposable socket)
{
    internal IDisposable Socket { get; } = socket;
    internal DeadlineQueue? Queue { get; set; }
    internal Deadline? Previous { get; set; }
    internal Deadline? Next { get; set; }
    /// <summary>When it passes, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    internal long Due { get; set; }

    public void Set(DeadlineQueue queue)
    {
        Clear();
        queue.Add(this);
    }

    public void Clear()
    {
        // Read once: the queue's timer may take it out (and null this) at any moment.
        Queue?.Remove(this);
    }
}
