using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Accepts on a bound, listening, non-blocking socket from the <see cref="EpollLoop"/>'s thread: each accepted
/// connection (non-blocking and close-on-exec from accept4 itself, no fcntl) goes to accepted on that thread, so
/// its request is usually served before the loop waits again. When accept fails for want of a resource (EMFILE,
/// ENFILE, ENOBUFS, ENOMEM) the listener leaves the epoll set for a moment rather than wake the loop again at
/// once for the same pending connection. A failure is reported once per streak, and the end of the streak once: a
/// daemon short of descriptors for hours would otherwise log ten lines a second.
/// </summary>
public sealed unsafe class EpollListener : IEpollTarget, IDisposable
{
    private static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(100);

    private readonly EpollLoop _loop;
    private readonly Lock _gate = new();
    private readonly SafeHandle _handle;
    private readonly int _fd;
    private readonly ulong _token;
    private readonly Action<EpollSocket> _accepted;
    private readonly Action<string> _failed;
    private readonly Action<long> _recovered;
    // Touched on the loop's thread only (OnReady).
    private long _failedAttempts;
    private Timer? _resume;
    private bool _stopped;

    /// <param name="loop">The thread that accepts and serves the connections.</param>
    /// <param name="listening">The listening socket's handle, kept open until <see cref="Dispose"/>; the owner closes it after.</param>
    /// <param name="accepted">Runs on the loop's thread for each connection; it owns the socket.</param>
    /// <param name="failed">Told why an accept failed, at the first failure of a streak (the listener then pauses and retries).</param>
    /// <param name="recovered">Told how many attempts had failed when an accept succeeds again after a streak.</param>
    public EpollListener(EpollLoop loop, SafeHandle listening, Action<EpollSocket> accepted, Action<string> failed, Action<long> recovered)
    {
        _loop = loop;
        var added = false;
        listening.DangerousAddRef(ref added);
        _handle = listening;
        _fd = (int)listening.DangerousGetHandle();
        _accepted = accepted;
        _failed = failed;
        _recovered = recovered;
        _token = _loop.Add(this);
        var errno = _loop.Control(Consts.EPOLL_CTL_ADD, _fd, Consts.EPOLLIN, _token);
        if (errno != 0)
        {
            _loop.Remove(_token);
            listening.DangerousRelease();
            throw new IOException($"epoll_ctl: {ErrnoNames.Name(errno)}");
        }
    }

    /// <summary>No connection is accepted after this returns (one accepted just before may still be handed over).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            _stopped = true;
            _resume?.Dispose();
            _loop.Control(Consts.EPOLL_CTL_DEL, _fd, 0, _token);
            _loop.Remove(_token);
        }
        _handle.DangerousRelease();
    }

    void IEpollTarget.OnReady(uint events)
    {
        int fd, errno;
        lock (_gate)
        {
            if (_stopped)
            {
                return;
            }
            // One per wake-up: the listener is level-triggered, so another waiting connection wakes the loop again.
            fd = Libc.Accept4(_fd, null, null, Consts.SOCK_NONBLOCK | Consts.SOCK_CLOEXEC);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno is ErrnoNames.EMFILE or ErrnoNames.ENFILE or ErrnoNames.ENOBUFS or ErrnoNames.ENOMEM)
            {
                _loop.Control(Consts.EPOLL_CTL_DEL, _fd, 0, _token);
                _resume = new Timer(static s => ((EpollListener)s!).Resume(), this, Pause, Timeout.InfiniteTimeSpan);
            }
        }
        if (fd >= 0)
        {
            if (_failedAttempts > 0)
            {
                _recovered(_failedAttempts);
                _failedAttempts = 0;
            }
            // Outside the lock: the request runs inline until its first wait, and a Dispose on another thread (a
            // pool thread stopping the server) must not block that long.
            _accepted(new EpollSocket(fd, _loop));
        }
        else if (errno is not (ErrnoNames.EAGAIN or ErrnoNames.EINTR or ErrnoNames.ECONNABORTED) && _failedAttempts++ == 0)
        {
            _failed($"accept4: {ErrnoNames.Name(errno)}");
        }
    }

    private void Resume()
    {
        lock (_gate)
        {
            _resume?.Dispose();
            _resume = null;
            if (!_stopped)
            {
                _loop.Control(Consts.EPOLL_CTL_ADD, _fd, Consts.EPOLLIN, _token);
            }
        }
    }
}
