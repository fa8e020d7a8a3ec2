using System.Net.Sockets;
using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// An accepted, non-blocking stream socket served from the <see cref="EpollLoop"/>. A read or write is tried at
/// once (a <see cref="ReceiveWhenReadyAsync"/> is not); only when the kernel has nothing (EAGAIN) does the socket
/// ask epoll for the one event it waits for (one-shot, so a pipelined request already buffered never makes the loop
/// spin) and return a pending ValueTask completed from the loop's thread. Every use of the fd happens under one lock, so <see cref="Dispose"/> from a
/// deadline's timer can never close an fd that another thread is about to use (and that a new connection reuses).
/// Failures are <see cref="IOException"/> naming the call and errno; use after <see cref="Dispose"/> is
/// <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed unsafe class EpollSocket : IEpollTarget, IDisposable
{
    private readonly EpollLoop _loop;
    private readonly Lock _gate = new();
    private readonly EpollOperation _read = new();
    // Most connections never wait to write (an answer smaller than the socket's buffer leaves at once): they share one
    // operation that is never begun, and a socket makes its own at its first wait.
    private static readonly EpollOperation NoWrite = new();
    private EpollOperation _write = NoWrite;
    private readonly int _fd;
    private readonly ulong _token;
    private Memory<byte> _readInto;
    private ReadOnlyMemory<byte> _writeFrom;
    private CancellationTokenRegistration _writeCancel;
    private bool _registered;
    private bool _closed;

    internal EpollSocket(int fd, EpollLoop loop)
    {
        _fd = fd;
        _loop = loop;
        _token = loop.Add(this);
    }

    /// <summary>Bytes read into into, 0 at end of stream.</summary>
    public ValueTask<int> ReceiveAsync(Memory<byte> into) => Receive(into, readNow: true);

    /// <summary>
    /// As <see cref="ReceiveAsync"/>, but the first read waits for epoll to report the socket readable: for a receive
    /// whose bytes are rarely there yet (watching for the client's close while its answer is made), the recv that
    /// would only fail with EAGAIN is one system call fewer per request. Bytes already there are reported by epoll
    /// at the loop's next wait.
    /// </summary>
    public ValueTask<int> ReceiveWhenReadyAsync(Memory<byte> into) => Receive(into, readNow: false);

    private ValueTask<int> Receive(Memory<byte> into, bool readNow)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return ValueTask.FromException<int>(new ObjectDisposedException(nameof(EpollSocket)));
            }
            if (_read.Pending)
            {
                return ValueTask.FromException<int>(new InvalidOperationException("a read is already pending"));
            }
            if (readNow)
            {
                var read = TryReceiveLocked(into.Span, out var error);
                if (error is not null)
                {
                    return ValueTask.FromException<int>(error);
                }
                if (read >= 0)
                {
                    return new ValueTask<int>(read);
                }
            }
            _readInto = into;
            var version = _read.Begin();
            if (ArmLocked() is { } armError)
            {
                _read.End();
                return ValueTask.FromException<int>(armError);
            }
            return new ValueTask<int>(_read, version);
        }
    }

    /// <summary>Writes all of data; a cancelled ct fails a write that waits for room with <see cref="OperationCanceledException"/>.</summary>
    public ValueTask SendAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (ct.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(ct);
        }
        short version;
        lock (_gate)
        {
            if (_closed)
            {
                return ValueTask.FromException(new ObjectDisposedException(nameof(EpollSocket)));
            }
            if (_write.Pending)
            {
                return ValueTask.FromException(new InvalidOperationException("a write is already pending"));
            }
            if (TrySendLocked(ref data) is { } error)
            {
                return ValueTask.FromException(error);
            }
            if (data.IsEmpty)
            {
                return ValueTask.CompletedTask;
            }
            _writeFrom = data;
            if (ReferenceEquals(_write, NoWrite))
            {
                _write = new EpollOperation();
            }
            version = _write.Begin();
            if (ArmLocked() is { } armError)
            {
                _write.End();
                return ValueTask.FromException(armError);
            }
        }
        if (ct.CanBeCanceled)
        {
            var registration = ct.UnsafeRegister(static (s, token) => ((EpollSocket)s!).CancelWrite(token), this);
            lock (_gate)
            {
                if (_write.Pending && _write.Version == version)
                {
                    _writeCancel = registration;
                    registration = default;
                }
            }
            registration.Unregister();
        }
        return new ValueTask(_write, version);
    }

    /// <summary>shutdown(2); how is SHUT_RD/WR/RDWR, which <see cref="SocketShutdown"/>'s values are.</summary>
    public void Shutdown(SocketShutdown how)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            if (Libc.Shutdown(_fd, (int)how) != 0)
            {
                throw Error("shutdown");
            }
        }
    }

    /// <summary>SO_SNDBUF (the kernel caps it at net.core.wmem_max); false if refused.</summary>
    public bool TrySetSendBuffer(int bytes) => TrySetOption(Consts.SOL_SOCKET, Consts.SO_SNDBUF, bytes);

    /// <summary>TCP_NODELAY: a short answer leaves at once instead of waiting for the client's ACK.</summary>
    public bool TrySetNoDelay() => TrySetOption(Consts.IPPROTO_TCP, Consts.TCP_NODELAY, 1);

    /// <summary>Closes the fd; a pending read or write fails with <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        bool readWaited, writeWaited;
        CancellationTokenRegistration cancel;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            _closed = true;
            _loop.Remove(_token);
            // close() also takes the fd out of the epoll set.
            Libc.Close(_fd);
            readWaited = _read.Pending;
            writeWaited = _write.Pending;
            _read.End();
            _write.End();
            cancel = TakeWriteCancelLocked();
        }
        cancel.Unregister();
        if (readWaited)
        {
            _read.Fail(new ObjectDisposedException(nameof(EpollSocket)));
        }
        if (writeWaited)
        {
            _write.Fail(new ObjectDisposedException(nameof(EpollSocket)));
        }
    }

    void IEpollTarget.OnReady(uint events)
    {
        var read = -1;
        Exception? readError = null, writeError = null;
        var written = false;
        CancellationTokenRegistration cancel = default;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }
            // Errors and hang-ups wake both: the call itself then reports what happened.
            if (_read.Pending && (events & (Consts.EPOLLIN | Consts.EPOLLERR | Consts.EPOLLHUP)) != 0)
            {
                read = TryReceiveLocked(_readInto.Span, out readError);
                if (read >= 0 || readError is not null)
                {
                    _read.End();
                    _readInto = default;
                }
            }
            if (_write.Pending && (events & (Consts.EPOLLOUT | Consts.EPOLLERR | Consts.EPOLLHUP)) != 0)
            {
                writeError = TrySendLocked(ref _writeFrom);
                if (writeError is not null || _writeFrom.IsEmpty)
                {
                    written = true;
                    _write.End();
                    _writeFrom = default;
                    cancel = TakeWriteCancelLocked();
                }
            }
            if ((_read.Pending || _write.Pending) && ArmLocked() is { } armError)
            {
                // Cannot wait any more: fail what waits, as a closed socket would.
                if (_read.Pending)
                {
                    _read.End();
                    readError = armError;
                }
                if (_write.Pending)
                {
                    _write.End();
                    written = true;
                    writeError = armError;
                    cancel = TakeWriteCancelLocked();
                }
            }
        }
        cancel.Unregister();
        if (readError is not null)
        {
            _read.Fail(readError);
        }
        else if (read >= 0)
        {
            _read.Complete(read);
        }
        if (written)
        {
            if (writeError is not null)
            {
                _write.Fail(writeError);
            }
            else
            {
                _write.Complete(0);
            }
        }
    }

    private void CancelWrite(CancellationToken token)
    {
        lock (_gate)
        {
            if (!_write.Pending)
            {
                return;
            }
            _write.End();
            _writeFrom = default;
            _writeCancel = default;
            // The event stays armed for a read if one waits; a stale EPOLLOUT finds nothing pending.
        }
        _write.Fail(new OperationCanceledException(token));
    }

    private CancellationTokenRegistration TakeWriteCancelLocked()
    {
        var cancel = _writeCancel;
        _writeCancel = default;
        return cancel;
    }

    /// <summary>Bytes read, 0 at end of stream, -1 when nothing is there yet (or error is set).</summary>
    private int TryReceiveLocked(Span<byte> into, out Exception? error)
    {
        var read = SocketCalls.Receive(_fd, into);
        error = read < 0 && -read != ErrnoNames.EAGAIN ? new IOException($"recv: {ErrnoNames.Name(-read)}") : null;
        return read < 0 ? -1 : read;
    }

    /// <summary>Sends from data until it is empty or the socket is full; an error otherwise.</summary>
    private Exception? TrySendLocked(ref ReadOnlyMemory<byte> data)
    {
        var errno = SocketCalls.Send(_fd, data.Span, out var sent);
        data = data[sent..];
        return errno is 0 or ErrnoNames.EAGAIN ? null : new IOException($"send: {ErrnoNames.Name(errno)}");
    }

    /// <summary>Asks for one event for what waits (one-shot: it disarms itself when it fires); an error if epoll refuses.</summary>
    private Exception? ArmLocked()
    {
        var events = Consts.EPOLLONESHOT | (_read.Pending ? Consts.EPOLLIN : 0) | (_write.Pending ? Consts.EPOLLOUT : 0);
        var errno = _loop.Control(_registered ? Consts.EPOLL_CTL_MOD : Consts.EPOLL_CTL_ADD, _fd, events, _token);
        if (errno != 0)
        {
            return new IOException($"epoll_ctl: {ErrnoNames.Name(errno)}");
        }
        _registered = true;
        return null;
    }

    private bool TrySetOption(int level, int name, int value)
    {
        lock (_gate)
        {
            return !_closed && Libc.SetSockOpt(_fd, level, name, &value, sizeof(int)) == 0;
        }
    }

    private static IOException Error(string call) => new($"{call}: {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
}
