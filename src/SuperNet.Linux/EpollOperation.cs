using System.Threading.Tasks.Sources;

namespace SuperNet.Linux;

/// <summary>
/// One kind of pending I/O of an <see cref="EpollSocket"/> (its read or its write), reused for every wait, so a
/// read or write that must wait allocates nothing. Its continuation runs inline where the result is set: on the
/// epoll thread, the request's next step is served there at once, with no hop to another thread.
/// </summary>
internal sealed class EpollOperation : IValueTaskSource<int>, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<int> _core;

    /// <summary>Guarded by the socket's lock: waiting for the fd to become ready.</summary>
    public bool Pending { get; private set; }

    public short Version => _core.Version;

    public short Begin()
    {
        _core.Reset();
        Pending = true;
        return _core.Version;
    }

    /// <summary>Under the socket's lock: no longer pending; the result is set outside it (continuations run inline).</summary>
    public void End() => Pending = false;

    public void Complete(int result) => _core.SetResult(result);

    public void Fail(Exception error) => _core.SetException(error);

    public int GetResult(short token) => _core.GetResult(token);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
