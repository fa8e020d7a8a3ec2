using System.Diagnostics;

namespace SuperNet.Rpc.Http;

/// <summary>
/// The connections' deadlines of one length (one of <see cref="ServerLimits"/>' Idle, Head, Transfer, Linger).
/// Deadlines of one length pass in the order they were set, so one timer set for the first serves them all, and
/// setting or clearing a deadline allocates nothing and leaves the timer alone: with a connection per call
/// (supervisorctl's way) a timer of its own per wait was a few hundred bytes and a timer-queue update per call.
/// The timer is set only while a deadline is; set for one cleared since, it fires once for nothing and is not set
/// again, so an idle server keeps no timer (issue 2's context switches).
/// </summary>
internal sealed class DeadlineQueue(TimeSpan length) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly long _length = (long)(length.TotalSeconds * Stopwatch.Frequency);
    private Timer? _timer;
    private bool _timerSet;
    private bool _disposed;
    private Deadline? _first;
    private Deadline? _last;

    internal void Add(Deadline deadline)
    {
        lock (_gate)
        {
            deadline.Due = Stopwatch.GetTimestamp() + _length;
            deadline.Queue = this;
            deadline.Previous = _last;
            deadline.Next = null;
            if (_last is null)
            {
                _first = deadline;
            }
            else
            {
                _last.Next = deadline;
            }
            _last = deadline;
            if (!_timerSet && !_disposed)
            {
                // Every deadline here is as long as this one, so none is due before it.
                _timer ??= new Timer(static s => ((DeadlineQueue)s!).OnTimer(), this, Timeout.Infinite, Timeout.Infinite);
                _timer.Change(length, Timeout.InfiniteTimeSpan);
                _timerSet = true;
            }
        }
    }

    internal void Remove(Deadline deadline)
    {
        lock (_gate)
        {
            if (deadline.Queue == this)
            {
                UnlinkLocked(deadline);
            }
        }
    }

    /// <summary>When the first deadline's wait began (<see cref="Stopwatch"/> ticks); long.MaxValue if none is set.</summary>
    internal long FirstSince
    {
        get
        {
            lock (_gate)
            {
                return _first is { } first ? first.Due - _length : long.MaxValue;
            }
        }
    }

    /// <summary>Closes the first deadline's socket now, as if its time were up; false if none is set.</summary>
    internal bool ExpireFirst()
    {
        IDisposable socket;
        lock (_gate)
        {
            if (_first is not { } first)
            {
                return false;
            }
            UnlinkLocked(first);
            socket = first.Socket;
        }
        // Outside the lock, as in OnTimer.
        socket.Dispose();
        return true;
    }

    private void OnTimer()
    {
        List<IDisposable>? expired = null;
        lock (_gate)
        {
            _timerSet = false;
            var now = Stopwatch.GetTimestamp();
            while (_first is { } first && first.Due <= now)
            {
                UnlinkLocked(first);
                (expired ??= []).Add(first.Socket);
            }
            if (_first is { } next && !_disposed)
            {
                _timer!.Change(Stopwatch.GetElapsedTime(now, next.Due), Timeout.InfiniteTimeSpan);
                _timerSet = true;
            }
        }
        // Outside the lock: closing a socket takes its own lock, which a thread setting a deadline may hold.
        foreach (var socket in expired ?? [])
        {
            socket.Dispose();
        }
    }

    private void UnlinkLocked(Deadline deadline)
    {
        if (deadline.Previous is { } previous)
        {
            previous.Next = deadline.Next;
        }
        else
        {
            _first = deadline.Next;
        }
        if (deadline.Next is { } next)
        {
            next.Previous = deadline.Previous;
        }
        else
        {
            _last = deadline.Previous;
        }
        deadline.Previous = deadline.Next = null;
        deadline.Queue = null;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
        }
    }
}
