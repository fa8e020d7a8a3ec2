namespace SuperNet.Rpc.Http;

/// <summary>
/// A one-shot timeout that closes the connection's socket, failing whatever I/O is pending on it. It exists
/// only while a connection waits on its peer: an idle daemon keeps no timer (issue 2's context switches).
/// </summary>
internal sealed class Deadline : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly CancellationTokenRegistration _registration;

    public Deadline(IDisposable socket, TimeSpan timeout)
    {
        _registration = _cts.Token.UnsafeRegister(static s => ((IDisposable)s!).Dispose(), socket);
        _cts.CancelAfter(timeout);
    }

    public void Dispose()
    {
        _registration.Dispose();
        _cts.Dispose();
    }
}
