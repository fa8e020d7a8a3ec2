using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The control server's one I/O thread: it blocks in epoll_wait with no timeout, so an idle daemon never wakes,
/// and runs each ready socket's work inline (accepting, completing a pending read or write, whose continuation
/// serves the request on this same thread until it really waits). One per process, made with the first listener,
/// as System.Net.Sockets' engine was; nothing ever stops it, so it needs no wake-up of its own.
/// </summary>
internal sealed unsafe class EpollLoop
{
    private const int MaxEvents = 64;

    private static readonly Lazy<EpollLoop> Instance = new(() => new EpollLoop());

    private readonly int _epoll;
    private readonly Lock _gate = new();
    private readonly Dictionary<ulong, IEpollTarget> _targets = [];
    private ulong _nextToken;

    private EpollLoop()
    {
        _epoll = Libc.EpollCreate1(Consts.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new IOException($"epoll_create1: {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
        new Thread(Run) { IsBackground = true, Name = "supernet-http" }.Start();
    }

    public static EpollLoop Shared => Instance.Value;

    /// <summary>A token for target's events; the target registers its fd with it through <see cref="Control"/>.</summary>
    public ulong Add(IEpollTarget target)
    {
        lock (_gate)
        {
            var token = ++_nextToken;
            _targets[token] = target;
            return token;
        }
    }

    /// <summary>After this no event of the token reaches its target (one already taken from the kernel is dropped).</summary>
    public void Remove(ulong token)
    {
        lock (_gate)
        {
            _targets.Remove(token);
        }
    }

    /// <summary>epoll_ctl: 0, or the errno.</summary>
    public int Control(int operation, int fd, uint events, ulong token)
    {
        var ev = new EpollEvent { Events = events, Data = token };
        return Libc.EpollCtl(_epoll, operation, fd, &ev) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        while (true)
        {
            var ready = Libc.EpollWait(_epoll, events, MaxEvents, -1);
            for (var i = 0; i < ready; i++)
            {
                IEpollTarget? target;
                lock (_gate)
                {
                    _targets.TryGetValue(events[i].Data, out target);
                }
                // Targets observe their own failures (a request's exception ends in its connection's task).
                target?.OnReady(events[i].Events);
            }
        }
    }
}

/// <summary>Something with an fd in the <see cref="EpollLoop"/>.</summary>
internal interface IEpollTarget
{
    /// <summary>On the loop's thread: the fd's epoll events fired.</summary>
    void OnReady(uint events);
}
