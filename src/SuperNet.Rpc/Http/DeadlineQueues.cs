namespace SuperNet.Rpc.Http;

/// <summary>One <see cref="DeadlineQueue"/> per time limit a connection waits under, shared by a server's connections.</summary>
internal sealed class DeadlineQueues(ServerLimits limits) : IDisposable
{
    public DeadlineQueue Idle { get; } = new(limits.Idle);
    public DeadlineQueue Head { get; } = new(limits.Head);
    public DeadlineQueue Transfer { get; } = new(limits.Transfer);
    public DeadlineQueue Linger { get; } = new(limits.Linger);

    /// <summary>
    /// Closes the connection that has waited longest for a request, its head unfinished or not begun (the Head and
    /// Idle waits); false if none waits so. Those in a request (a body, an answer, a tail) are never closed.
    /// </summary>
    public bool CloseLongestWaiting()
    {
        var (first, second) = Head.FirstSince <= Idle.FirstSince ? (Head, Idle) : (Idle, Head);
        // The first may have ended meanwhile: then the other is the one.
        return first.ExpireFirst() || second.ExpireFirst();
    }

    public void Dispose()
    {
        Idle.Dispose();
        Head.Dispose();
        Transfer.Dispose();
        Linger.Dispose();
    }
}
