namespace SuperNet.Core.Supervision;

/// <summary>
/// The supervisor thread's inbox. Other threads only ever post here; the lock guards the queue, never the
/// state the posted actions touch.
/// </summary>
internal sealed class Mailbox
{
    private readonly object gate = new();
    private readonly Queue<Action> queue = new();
    private bool closed;

    /// <summary>
    /// Queues the action; false once closed, and the action is dropped: the owner has finished for good and
    /// nothing may touch its state from the poster's thread. Callers that wait on an answer answer themselves.
    /// </summary>
    public bool TryPost(Action action)
    {
        lock (gate)
        {
            if (closed)
            {
                return false;
            }
            queue.Enqueue(action);
            if (queue.Count == 1)
            {
                Monitor.Pulse(gate);
            }
            return true;
        }
    }

    /// <summary>Blocks until a message arrives.</summary>
    public Action Take()
    {
        lock (gate)
        {
            while (queue.Count == 0)
            {
                Monitor.Wait(gate);
            }
            return queue.Dequeue();
        }
    }

    /// <summary>Ends the owner's loop: returns what is still queued; later posts are refused.</summary>
    public List<Action> Close()
    {
        lock (gate)
        {
            closed = true;
            var rest = queue.ToList();
            queue.Clear();
            return rest;
        }
    }
}
