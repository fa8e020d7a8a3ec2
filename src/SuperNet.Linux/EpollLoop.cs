using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// A control server's one I/O thread: it blocks in epoll_wait with no timeout, so an idle daemon never wakes,
/// and runs each ready socket's work inline (accepting, completing a pending read or write, whose continuation
/// serves the request on this same thread until it really waits). One per server, not per process: servers in one
/// process (the tests' many) must not wait on each other's inline requests, e.g. a 413's drain behind another
/// server's handlers being compiled. An eventfd ends it; the loop's own thread closes its descriptors on the way out,
/// so a stop that runs on that thread (a continuation of the last connection's end) never waits for itself.
/// </summary>
public sealed unsafe class EpollLoop : IDisposable
{
    private const int MaxEvents = 64;
    private const ulong StopToken = 0;

    private readonly int _epoll;
    private readonly int _stop;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, IEpollTarget> _targets = [];
    private ulong _nextToken;
    private int _disposed;

    public EpollLoop()
    {
        _epoll = Libc.EpollCreate1(Consts.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new IOException($"epoll_create1: {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
        _stop = Libc.EventFd(0, Consts.EFD_CLOEXEC | Consts.EFD_NONBLOCK);
        var errno = _stop < 0 ? Marshal.GetLastPInvokeError() : Control(Consts.EPOLL_CTL_ADD, _stop, Consts.EPOLLIN, StopToken);
        if (errno != 0)
        {
            if (_stop >= 0)
            {
                Libc.Close(_stop);
            }
            Libc.Close(_epoll);
            throw new IOException($"eventfd: {ErrnoNames.Name(errno)}");
        }
        new Thread(Run) { IsBackground = true, Name = "supernet-http" }.Start();
    }

    /// <summary>Ends the thread after the events it holds; call once nothing uses the loop any more.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        ulong one = 1;
        Libc.Write(_stop, (byte*)&one, sizeof(ulong));
    }

    /// <summary>A token for target's events; the target registers its fd with it through <see cref="Control"/>.</summary>
    internal ulong Add(IEpollTarget target)
    {
        lock (_gate)
        {
            var token = ++_nextToken;
            _targets[token] = target;
            return token;
        }
    }

    /// <summary>After this no event of the token reaches its target (one already taken from the kernel is dropped).</summary>
    internal void Remove(ulong token)
    {
        lock (_gate)
        {
            _targets.Remove(token);
        }
    }

    /// <summary>epoll_ctl: 0, or the errno.</summary>
    internal int Control(int operation, int fd, uint events, ulong token)
    {
        var ev = new EpollEvent { Events = events, Data = token };
        return Libc.EpollCtl(_epoll, operation, fd, &ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        var stopping = false;
        while (!stopping)
        {
            var ready = Libc.EpollWait(_epoll, events, MaxEvents, -1);
            for (var i = 0; i < ready; i++)
            {
                if (events[i].Data == StopToken)
                {
                    stopping = true;
                    continue;
                }
                IEpollTarget? target;
                lock (_gate)
                {
                    _targets.TryGetValue(events[i].Data, out target);
                }
                // Targets observe their own failures (a request's exception ends in its connection's task).
                target?.OnReady(events[i].Events);
            }
        }
        Libc.Close(_stop);
        Libc.Close(_epoll);
    }
}

/// <summary>Something with an fd in the <see cref="EpollLoop"/>.</summary>
internal interface IEpollTarget
{
    /// <summary>On the loop's thread: the fd's epoll events fired.</summary>
    void OnReady(uint events);
}
