namespace SuperNet.Rpc.Http;

/// <summary>One <see cref="DeadlineQueue"/> per time limit a connection waits under, shared by a server's connections.</summary>
internal sealed class DeadlineQueues(ServerLimits limits) : IDisposable
{
    public DeadlineQueue Idle { get; } = new(limits.Idle);
    public DeadlineQueue Head { get; } = new(limits.Head);
    public DeadlineQueue Transfer { get; } = new(limits.Transfer);
    public DeadlineQueue Linger { get; } = new(limits.Linger);

    public void Dispose()
    {
        Idle.Dispose();
        Head.Dispose();
        Transfer.Dispose();
        Linger.Dispose();
    }
}
