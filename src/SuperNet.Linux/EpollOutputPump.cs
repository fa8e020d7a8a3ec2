using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// One thread reads every child pipe (linux-process-notes §6: a thread per pipe or pool reads cost
/// far more). New pipes are queued and announced through an eventfd, so Add never races the wait.
/// Each readable pipe gets one read of up to 128 KiB per wake-up into a reused buffer; a read of 0
/// (EOF, all writers gone) calls OnClosed and closes the fd. A pipe whose sink logs to a plain file that
/// nothing else needs to see is spliced into it instead (no copy through the daemon). A pipe whose
/// destination queue is full leaves the epoll set until the queue calls it back, so only its writer waits.
/// </summary>
public sealed unsafe class EpollOutputPump : IOutputPump, IDisposable
{
    // supervisord's read size: a log file overshoots its maxbytes by at most one such chunk, as there.
    public const int BufferSize = 128 * 1024;
    // A pipe that fills its default 64 KiB grows to this (pipe-max-size for unprivileged users), so a busy
    // writer and the pump wake 16 times less often; quiet pipes keep the default and cost no pipe pages.
    private const int GrownPipeSize = 1024 * 1024;
    private const int DefaultPipeSize = 64 * 1024;
    private const ulong WakeToken = 0;
    private const int MaxEvents = 64;
    // A drain reads a pipe until it is empty, but a writer still alive (a grandchild) could keep it full: one
    // grown pipe's worth twice over, and it moves on.
    private const int MaxDrainReads = 2 * GrownPipeSize / BufferSize;

    private readonly int _epoll;
    private readonly int _wake;
    private readonly ConcurrentQueue<(SafeFileHandle Handle, IOutputSink Sink)> _pending = new();
    private readonly ConcurrentQueue<ulong> _resumed = new();
    // A request names its pipes, or the queue they feed, or neither for every pipe; a closing one stops watching
    // its pipes afterwards.
    private readonly ConcurrentQueue<(IReadOnlyList<SafeFileHandle>? ReadEnds, Action Done, bool Close, IOutputRoom? Room)> _drains = new();
    private readonly Dictionary<SafeFileHandle, ulong> _tokens = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<ulong, Entry> _entries = [];
    private readonly Action<Exception>? _onSinkError;
    private readonly Thread _thread;
    private ulong _nextToken = WakeToken + 1;
    private volatile bool _stopping;
    private int _count;
    private int _addWakePending;

    /// <param name="onSinkError">Receives exceptions thrown by sinks; without it they end the process.</param>
    public EpollOutputPump(Action<Exception>? onSinkError = null)
    {
        _onSinkError = onSinkError;
        _epoll = Libc.EpollCreate1(Consts.EPOLL_CLOEXEC);
        if (_epoll < 0)
        {
            throw new InvalidOperationException($"epoll_create1: {ErrnoNames.Name(Marshal.GetLastPInvokeError())}");
        }
        _wake = Libc.EventFd(0, Consts.EFD_CLOEXEC | Consts.EFD_NONBLOCK);
        if (_wake < 0 || !Watch(_wake, WakeToken))
        {
            var errno = Marshal.GetLastPInvokeError();
            Libc.Close(_epoll);
            throw new InvalidOperationException($"eventfd: {ErrnoNames.Name(errno)}");
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "supernet-output-pump" };
        _thread.Start();
    }

    /// <summary>Pipes being watched (for tests and diagnostics).</summary>
    public int Count => Volatile.Read(ref _count);

    public void Add(SafeFileHandle readEnd, IOutputSink sink)
    {
        ObjectDisposedException.ThrowIf(_stopping, this);
        _pending.Enqueue((readEnd, sink));
        // One eventfd write per pump wake-up, not per pipe: a spawn adds two, a start of N programs 2N.
        if (Interlocked.Exchange(ref _addWakePending, 1) == 0)
        {
            Wake();
        }
    }

    /// <summary>
    /// Reads what every pipe holds now into its sink, paused pipes included, and returns true once that is done
    /// (false if it took longer than <paramref name="timeout"/>). A generation ends with this before its logs
    /// close: what its programs wrote before they stopped is logged, even when the pump was behind or a pipe was
    /// waiting for room in a slow consumer's queue (that queue then takes it whole, and is written out at exit).
    /// </summary>
    public bool Drain(TimeSpan timeout)
    {
        if (_stopping)
        {
            return false;
        }
        // Not disposed here: after a timeout the pump still sets it.
        var done = new ManualResetEventSlim();
        _drains.Enqueue((null, done.Set, false, null));
        Wake();
        return done.Wait(timeout);
    }

    public void Drain(IReadOnlyList<SafeFileHandle> readEnds, Action done)
    {
        _drains.Enqueue((readEnds, done, false, null));
        Wake();
        AnswerIfStopped();
    }

    public void DrainAndClose(SafeFileHandle readEnd)
    {
        _drains.Enqueue(([readEnd], static () => { }, true, null));
        Wake();
    }

    // A queue holding the start of a line asks this before it sends that start alone: the rest may already be in
    // the pipe, unread only because this thread was not scheduled, and then the wait was the daemon's, not the
    // program's.
    private void DrainRoom(IOutputRoom room, Action done)
    {
        if (_stopping)
        {
            done();
            return;
        }
        _drains.Enqueue((null, done, false, room));
        Wake();
        AnswerIfStopped();
    }

    // A request queued as the pump stopped would never be read: it is answered as one made afterwards is, at once,
    // by whichever thread takes it first.
    private void AnswerIfStopped()
    {
        if (!_stopping)
        {
            return;
        }
        while (_drains.TryDequeue(out var request))
        {
            Answer(request.Done);
        }
    }

    private void Answer(Action done)
    {
        try
        {
            done();
        }
        catch (Exception e) when (_onSinkError is not null)
        {
            _onSinkError(e);
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }
        _stopping = true;
        Wake();
        _thread.Join();
        AnswerIfStopped();
        foreach (var entry in _entries.Values)
        {
            entry.Handle.DangerousRelease();
            entry.Handle.Dispose();
        }
        _entries.Clear();
        _tokens.Clear();
        while (_pending.TryDequeue(out var item))
        {
            item.Handle.Dispose();
        }
        Libc.Close(_wake);
        Libc.Close(_epoll);
    }

    private void Wake()
    {
        ulong one = 1;
        Libc.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    private bool Watch(int fd, ulong token)
    {
        var ev = new EpollEvent { Events = Consts.EPOLLIN, Data = token };
        return Libc.EpollCtl(_epoll, Consts.EPOLL_CTL_ADD, fd, &ev) == 0;
    }

    private void Run()
    {
        var events = stackalloc EpollEvent[MaxEvents];
        var buffer = GC.AllocateArray<byte>(BufferSize, pinned: true);
        fixed (byte* data = buffer)
        {
            while (!_stopping)
            {
                var ready = Libc.EpollWait(_epoll, events, MaxEvents, -1);
                for (var i = 0; i < ready && !_stopping; i++)
                {
                    if (events[i].Data == WakeToken)
                    {
                        ulong drained;
                        Libc.Read(_wake, (byte*)&drained, sizeof(ulong));
                        // Cleared before the queue is drained, so a pipe added from here on wakes the pump again.
                        Interlocked.Exchange(ref _addWakePending, 0);
                        RegisterPending();
                        ResumePaused();
                        DrainAll(data);
                    }
                    else if (_entries.TryGetValue(events[i].Data, out var entry) && !entry.Paused)
                    {
                        Service(events[i].Data, entry, data);
                    }
                }
            }
        }
    }

    private void RegisterPending()
    {
        while (_pending.TryDequeue(out var item))
        {
            var added = false;
            item.Handle.DangerousAddRef(ref added);
            var token = _nextToken++;
            var entry = new Entry(item.Handle, item.Sink, (int)item.Handle.DangerousGetHandle(), token, this);
            // A blocking fd would stall every other pipe on a spurious wake-up.
            var flags = Libc.Fcntl(entry.Fd, Consts.F_GETFL, 0);
            if (flags >= 0 && (flags & Consts.O_NONBLOCK) == 0)
            {
                Libc.Fcntl(entry.Fd, Consts.F_SETFL, flags | Consts.O_NONBLOCK);
            }
            if (!Watch(entry.Fd, token))
            {
                // Not a pollable fd: treat it as closed so the caller still sees the end.
                Close(entry);
                continue;
            }
            _entries[token] = entry;
            _tokens[item.Handle] = token;
            Interlocked.Increment(ref _count);
            if (entry.Room is { } room)
            {
                room.ReadBy(done => DrainRoom(room, done));
            }
        }
    }

    private void ResumePaused()
    {
        while (_resumed.TryDequeue(out var token))
        {
            if (_entries.TryGetValue(token, out var entry) && entry.Paused)
            {
                entry.Paused = false;
                Watch(entry.Fd, token);
            }
        }
    }

    private void DrainAll(byte* buffer)
    {
        while (_drains.TryDequeue(out var request))
        {
            if (request.ReadEnds is null)
            {
                foreach (var (token, entry) in _entries.ToArray())
                {
                    if (request.Room is null)
                    {
                        DrainOne(token, entry, buffer);
                    }
                    else if (ReferenceEquals(entry.Room, request.Room))
                    {
                        // Not past a full queue: a paused pipe's wait is the daemon's already (its queue's rule).
                        DrainOne(token, entry, buffer, untilPaused: true);
                    }
                }
            }
            else
            {
                foreach (var readEnd in request.ReadEnds)
                {
                    if (_tokens.TryGetValue(readEnd, out var token))
                    {
                        var entry = _entries[token];
                        DrainOne(token, entry, buffer);
                        if (request.Close && _entries.ContainsKey(token))
                        {
                            Remove(token, entry);
                        }
                    }
                }
            }
            Answer(request.Done);
        }
    }

    private void DrainOne(ulong token, Entry entry, byte* buffer, bool untilPaused = false)
    {
        for (var reads = 0; reads < MaxDrainReads && _entries.ContainsKey(token) && !(untilPaused && entry.Paused); reads++)
        {
            if (!Service(token, entry, buffer))
            {
                return;
            }
        }
    }

    /// <returns>True when bytes moved (the pipe may hold more).</returns>
    private bool Service(ulong token, Entry entry, byte* buffer)
    {
        if (entry.Direct is { } direct)
        {
            long? moved;
            try
            {
                moved = direct.Append(entry.Move);
            }
            catch (Exception e) when (_onSinkError is not null)
            {
                _onSinkError(e);
                moved = null;
            }
            if (moved > 0)
            {
                GrowIfFull(entry, moved.Value);
                return true;
            }
            if (moved == 0)
            {
                Remove(token, entry);
                return false;
            }
            if (moved is not null && entry.SpliceErrno is ErrnoNames.EAGAIN or ErrnoNames.EINTR)
            {
                return false;
            }
            // The file refused the splice (a failed write), or the sink needs to see this chunk: it goes through
            // the sink, which reports a failing write. A file system without splice refuses it for good.
            if (moved is not null && entry.SpliceErrno == ErrnoNames.EINVAL)
            {
                entry.Direct = null;
            }
        }
        return ReadOnce(token, entry, buffer);
    }

    private bool ReadOnce(ulong token, Entry entry, byte* buffer)
    {
        var n = Libc.Read(entry.Fd, buffer, BufferSize);
        if (n > 0)
        {
            GrowIfFull(entry, n);
            try
            {
                entry.Sink.OnData(new ReadOnlySpan<byte>(buffer, (int)n));
                // A drain reads a paused pipe too; it is already waiting for its one resume.
                if (!entry.Paused && entry.Room?.WaitForRoom(entry.Resume) == true)
                {
                    entry.Paused = true;
                    Libc.EpollCtl(_epoll, Consts.EPOLL_CTL_DEL, entry.Fd, null);
                }
            }
            catch (Exception e) when (_onSinkError is not null)
            {
                _onSinkError(e);
            }
            return true;
        }
        if (n < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ErrnoNames.EAGAIN or ErrnoNames.EINTR)
            {
                return false;
            }
        }
        Remove(token, entry);
        return false;
    }

    private static void GrowIfFull(Entry entry, long taken)
    {
        if (taken >= DefaultPipeSize && !entry.Grown)
        {
            // Refused (EPERM past the user's pipe-user-pages limits): the default size still works.
            entry.Grown = true;
            Libc.Fcntl(entry.Fd, Consts.F_SETPIPE_SZ, GrownPipeSize);
        }
    }

    private void Remove(ulong token, Entry entry)
    {
        Libc.EpollCtl(_epoll, Consts.EPOLL_CTL_DEL, entry.Fd, null);
        _entries.Remove(token);
        _tokens.Remove(entry.Handle);
        Interlocked.Decrement(ref _count);
        Close(entry);
    }

    private void Close(Entry entry)
    {
        entry.Handle.DangerousRelease();
        entry.Handle.Dispose();
        try
        {
            entry.Sink.OnClosed();
        }
        catch (Exception e) when (_onSinkError is not null)
        {
            _onSinkError(e);
        }
    }

    private sealed class Entry
    {
        public Entry(SafeFileHandle handle, IOutputSink sink, int fd, ulong token, EpollOutputPump pump)
        {
            Handle = handle;
            Sink = sink;
            Fd = fd;
            Room = sink.Room;
            Direct = sink.DirectFile;
            Resume = () =>
            {
                pump._resumed.Enqueue(token);
                pump.Wake();
            };
            Move = SpliceInto;
        }

        public SafeFileHandle Handle { get; }
        public IOutputSink Sink { get; }
        public int Fd { get; }
        public IOutputRoom? Room { get; }
        public IDirectFileOutput? Direct { get; set; }
        public Action Resume { get; }
        public Func<SafeFileHandle, long, long> Move { get; }
        /// <summary>Out of the epoll set until its destination has room (pump thread only).</summary>
        public bool Paused { get; set; }
        /// <summary>Its pipe was once found full and asked to grow.</summary>
        public bool Grown { get; set; }
        /// <summary>The errno of the last splice that returned -1.</summary>
        public int SpliceErrno { get; private set; }

        private long SpliceInto(SafeFileHandle file, long offset)
        {
            long at = offset;
            var moved = Libc.Splice(Fd, null, (int)file.DangerousGetHandle(), &at, BufferSize,
                Consts.SPLICE_F_MOVE | Consts.SPLICE_F_NONBLOCK);
            SpliceErrno = moved < 0 ? Marshal.GetLastPInvokeError() : 0;
            return moved;
        }
    }
}
