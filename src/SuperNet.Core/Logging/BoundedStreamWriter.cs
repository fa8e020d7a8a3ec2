using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>Writes a block into <paramref name="into"/> (room enough for it) and returns its length.</summary>
public delegate int BlockFill<TState>(Span<byte> into, TState state) where TState : allows ref struct;

/// <summary>
/// One of the daemon's own streams (fd 1 or 2) shared by every program logging there and by the main log's
/// echo. Writers append whole lines to a bounded queue; one thread of its own writes the queue out, so a
/// consumer that stops reading stalls only that thread. Nothing appending ever waits. Child output takes its
/// whole block and, once the queue is half full, the output pump stops reading that program's pipe until the queue
/// has been handed to the consumer (<see cref="IOutputRoom"/>): the program goes at the consumer's pace, as with
/// any pipe, and no line is lost, while every other pipe keeps flowing. Once the consumer has taken nothing for
/// <see cref="StallAfter"/>, paused pipes are read again and, like the main log's echo at any time, whole lines
/// that do not fit are dropped and counted per source; the main log says when dropping starts and, once the
/// stream has caught up, how many lines each source lost.
/// A regular file has no consumer to wait for (<see cref="WritesWait"/> false): while nothing is queued or being
/// written, the appending thread writes its block itself.
/// </summary>
public sealed class BoundedStreamWriter : IOutputRoom, IDisposable
{
    /// <summary>How much may wait for a slow consumer before sources pause or lines are dropped (per stream).</summary>
    public const int Capacity = 4 * 1024 * 1024;
    // Sources that can pause stop at half the capacity: the other half keeps room for the main log's echo and
    // result handlers, which cannot pause, so a slow consumer that is still reading never costs them a line.
    private const int PauseAt = Capacity / 2;
    private const int InitialBuffer = 64 * 1024;
    // The consumer's progress is judged per slice, so a slow reader is told from one that stopped: a pipe
    // takes 64 KiB before its reader must act.
    private const int Slice = 64 * 1024;
    /// <summary>A consumer that has taken nothing for this long has stopped reading.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMilliseconds(500);

    // An object, not a Lock: the writer thread waits on it with Monitor.
    private readonly object gate = new();
    private readonly Stream stream;
    private readonly string name;
    private readonly Func<Action<LogLevel, string>?> reporter;
    private readonly DropCounter? owner;
    private readonly TimeProvider time;
    private readonly Dictionary<DropCounter, long> streak = [];
    private List<Action> waiters = [];
    private byte[] filling = [];
    private byte[] spare = [];
    private int filled;
    private Thread? thread;
    private ITimer? stallTimer;
    private bool closing;
    // The writing thread's alone (the holder of `writing`): a failed write has been reported, and the lines failed
    // writes have lost since.
    private bool writeFailed;
    private long lostToFailedWrites;
    // When the slice being written began (timestamp of the time provider); 0 while none is.
    private long writingSince;
    // One thread at a time writes to the stream (the writer thread, or an appender writing its own block to a
    // regular file), so what was queued before a block is out before it.
    private bool writing;
    // An in-place block that its appender writes itself is formatted here (by the holder of `writing` only).
    private byte[] scratch = [];

    /// <param name="name">"stdout" or "stderr", for the main-log reports.</param>
    /// <param name="reporter">The main log of the moment (it changes with each configuration generation), or null.</param>
    /// <param name="time">Clock of the stall check; the system clock when null.</param>
    /// <param name="writesWait">A write may wait for a consumer (a pipe, socket or terminal). False for a regular
    /// file: a block appended while the queue is idle is written by the appending thread, without the wake-up of the
    /// writer thread and the copy through the queue (the pump writes a program's own log file the same way).</param>
    /// <param name="owner">The one source of every line queued here (a program's log file, the main log's file): the
    /// lines a failed write loses (EPIPE, the reader of a FIFO opened for writing alone went away) are counted against
    /// it, and the first write that succeeds after them says how many, as a FIFO's open that finds a reader again does.
    /// Null (a stream shared by many sources): a failed write is said once, and its lines are not counted.</param>
    public BoundedStreamWriter(Stream stream, string name, Func<Action<LogLevel, string>?> reporter, TimeProvider? time = null,
        bool writesWait = true, DropCounter? owner = null)
    {
        WritesWait = writesWait;
        this.stream = stream;
        this.name = name;
        this.reporter = reporter;
        this.owner = owner;
        this.time = time ?? TimeProvider.System;
    }

    /// <summary>False: the stream is a regular file, written by its appenders while nothing is queued.</summary>
    public bool WritesWait { get; }

    /// <summary>
    /// Queues <paramref name="block"/>: whole lines, each ending in '\n' except perhaps a flushed partial last one.
    /// What is not taken is dropped at a line boundary and counted against <paramref name="source"/>.
    /// </summary>
    /// <param name="pausable">The source stops when <see cref="WaitForRoom"/> says so (child output): its block is
    /// taken whole while the consumer is taking writes, so the queue exceeds <see cref="Capacity"/> by at most one
    /// block per such source. False (the main log's echo, a result handler's output) never goes past it.</param>
    public void Append(ReadOnlySpan<byte> block, DropCounter source, bool pausable = true)
    {
        if (block.IsEmpty)
            return;
        if (TakeWriting())
        {
            try
            {
                WriteOut(block);
            }
            finally
            {
                EndWriting();
            }
            return;
        }
        bool streakStarted = false;
        lock (gate)
        {
            if (closing)
                return;
            int space = Capacity - filled;
            int take = block.Length <= space || (pausable && !Stalled()) ? block.Length
                : space <= 0 ? 0 : block[..space].LastIndexOf((byte)'\n') + 1;
            if (take > 0)
            {
                EnsureRoom(take);
                block[..take].CopyTo(filling.AsSpan(filled));
                if (filled == 0)
                    Monitor.PulseAll(gate);
                filled += take;
                thread ??= StartThread();
            }
            if (take < block.Length)
            {
                var rest = block[take..];
                long lines = LinesIn(rest);
                source.Add(lines);
                streakStarted = streak.Count == 0;
                streak[source] = streak.GetValueOrDefault(source) + lines;
            }
        }
        // Outside the lock: the report is itself echoed into this writer.
        if (streakStarted)
            reporter()?.Invoke(LogLevel.Warn,
                $"supernetd's {name} is not keeping up: dropping whole lines (first from {source.Source}) until it does");
    }

    /// <summary>
    /// A pausable <see cref="Append"/> of a block of at most <paramref name="maxLength"/> bytes that <paramref name="fill"/>
    /// writes straight into the queue (no intermediate copy), returning how many it wrote. False, with nothing queued,
    /// when a block that long would not be taken whole (the consumer stalled): the caller formats it and appends it,
    /// and what does not fit is counted.
    /// </summary>
    public bool TryAppendInPlace<TState>(int maxLength, TState state, BlockFill<TState> fill) where TState : allows ref struct
    {
        if (TakeWriting())
        {
            try
            {
                if (scratch.Length < maxLength)
                    scratch = new byte[Math.Max(maxLength, InitialBuffer)];
                WriteOut(scratch.AsSpan(0, fill(scratch.AsSpan(0, maxLength), state)));
            }
            finally
            {
                EndWriting();
            }
            return true;
        }
        lock (gate)
        {
            if (maxLength > Capacity - filled && (closing || Stalled()))
                return false;
            EnsureRoom(maxLength);
            int length = fill(filling.AsSpan(filled, maxLength), state);
            if (length == 0)
                return true;
            if (filled == 0)
                Monitor.PulseAll(gate);
            filled += length;
            thread ??= StartThread();
            return true;
        }
    }

    // A regular file with nothing queued and nobody writing: the caller writes, now.
    private bool TakeWriting()
    {
        if (WritesWait)
            return false;
        lock (gate)
        {
            if (closing || filled != 0 || writing)
                return false;
            writing = true;
            return true;
        }
    }

    // What was appended meanwhile is the writer thread's (it waits while someone writes), as is the close.
    private void EndWriting()
    {
        lock (gate)
        {
            writing = false;
            if (filled != 0 || closing)
                Monitor.PulseAll(gate);
        }
    }

    /// <summary>Sources that pause are being paused now: their pipes may hold the rest of a line they began.</summary>
    public bool Congested
    {
        get
        {
            lock (gate)
                return !closing && filled >= PauseAt && !Stalled();
        }
    }

    public bool WaitForRoom(Action resume)
    {
        lock (gate)
        {
            if (closing || filled < PauseAt || Stalled())
                return false;
            waiters.Add(resume);
            ArmStallTimer();
            return true;
        }
    }

    /// <summary>
    /// Writes out what is queued and returns once it is written, or once the consumer has taken nothing for
    /// <paramref name="patience"/>; later appends are dropped. A consumer that keeps reading, however slowly, gets
    /// everything: what is still queued when the daemon exits is lost for good.
    /// </summary>
    public void Close(TimeSpan patience)
    {
        Thread? running;
        List<Action> released;
        lock (gate)
        {
            closing = true;
            Monitor.PulseAll(gate);
            running = thread;
            released = TakeWaiters();
        }
        Resume(released);
        if (running is not null)
            WaitWhileTaken(running, patience);
        // An appender may still be writing its own block (no writer thread was ever needed).
        lock (gate)
        {
            while (writing && Monitor.Wait(gate, patience))
            {
            }
        }
        stallTimer?.Dispose();
    }

    /// <summary>
    /// How long a close waits for a consumer that has stopped taking lines (one that keeps reading gets everything
    /// queued): long enough for a slow reader, short enough that a stopped one does not hold up a shutdown.
    /// </summary>
    public static readonly TimeSpan ClosePatience = TimeSpan.FromSeconds(2);

    public void Dispose() => Close(ClosePatience);

    private void WaitWhileTaken(Thread running, TimeSpan patience)
    {
        var step = patience / 4;
        while (!running.Join(step))
        {
            long since = Volatile.Read(ref writingSince);
            if (since != 0 && time.GetElapsedTime(since) >= patience)
                return;
        }
    }

    private void EnsureRoom(int more)
    {
        if (filled + more <= filling.Length)
            return;
        var size = Math.Max(filling.Length, InitialBuffer);
        while (size < filled + more)
            size *= 2;
        Array.Resize(ref filling, size);
    }

    private Thread StartThread()
    {
        var started = new Thread(Run) { IsBackground = true, Name = "daemon " + name };
        started.Start();
        return started;
    }

    private void Run()
    {
        while (true)
        {
            int length;
            List<Action> released;
            lock (gate)
            {
                // An appender writing its own block goes first: nothing was queued when it began.
                while (writing || (filled == 0 && !closing))
                    Monitor.Wait(gate);
                if (filled == 0)
                    return;
                writing = true;
                (filling, spare) = (spare, filling);
                length = filled;
                filled = 0;
                released = TakeWaiters();
            }
            // The queue is empty again: paused pipes are read again.
            Resume(released);
            try
            {
                WriteOut(spare.AsSpan(0, length));
            }
            finally
            {
                lock (gate)
                    writing = false;
            }
            if (TakeFinishedStreak() is { } summary)
                reporter()?.Invoke(LogLevel.Warn, summary);
        }
    }

    private void WriteOut(ReadOnlySpan<byte> bytes)
    {
        // A regular file has no reader to judge, and each write call has its fixed cost: one call.
        int slice = WritesWait ? Slice : Math.Max(bytes.Length, 1);
        int at = 0;
        try
        {
            for (; at < bytes.Length; at += slice)
            {
                Volatile.Write(ref writingSince, time.GetTimestamp());
                stream.Write(bytes[at..Math.Min(bytes.Length, at + slice)]);
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            Volatile.Write(ref writingSince, 0);
            Failed(bytes[at..], e);
            return;
        }
        Volatile.Write(ref writingSince, 0);
        if (writeFailed && owner is not null && bytes.Length > 0)
        {
            writeFailed = false;
            var lost = lostToFailedWrites;
            lostToFailedWrites = 0;
            reporter()?.Invoke(LogLevel.Warn, ReaderAgain(name, owner, lost));
        }
    }

    // A closed stdout or a FIFO whose reader left (EPIPE): the lines are gone, as they would be for any writer; keep
    // draining, and say so once (the report's own echo to this stream fails too, and must not report again).
    private void Failed(ReadOnlySpan<byte> lost, Exception e)
    {
        if (owner is not null && !lost.IsEmpty)
        {
            long lines = LinesIn(lost);
            lostToFailedWrites += lines;
            owner.Add(lines);
        }
        if (writeFailed)
            return;
        writeFailed = true;
        reporter()?.Invoke(LogLevel.Error, $"supernetd's {name} cannot be written ({e.Message}): what is sent to it is dropped");
    }

    /// <summary>
    /// What a log that dropped lines while no reader had its FIFO open says once one has it again: after its open failed
    /// (ENXIO) as after its writes did (EPIPE).
    /// </summary>
    internal static string ReaderAgain(string name, DropCounter source, long lines) =>
        $"supernetd's {name} has a reader again after dropping {lines} lines ({source.Source}: {lines})";

    // Whole lines and a last one begun: what dropping these bytes costs, counted as the reports count.
    private static long LinesIn(ReadOnlySpan<byte> bytes) => bytes.Count((byte)'\n') + (bytes[^1] == (byte)'\n' ? 0 : 1);

    private bool Stalled()
    {
        long since = Volatile.Read(ref writingSince);
        return since != 0 && time.GetElapsedTime(since) >= StallAfter;
    }

    // Caller holds the gate; one timer, set to when the slice being written will count as stalled.
    private void ArmStallTimer()
    {
        long since = Volatile.Read(ref writingSince);
        var due = since == 0 ? StallAfter : StallAfter - time.GetElapsedTime(since);
        stallTimer ??= time.CreateTimer(_ => OnStallTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        stallTimer.Change(due > TimeSpan.Zero ? due : TimeSpan.FromMilliseconds(1), Timeout.InfiniteTimeSpan);
    }

    private void OnStallTimer()
    {
        List<Action> released;
        lock (gate)
        {
            if (waiters.Count == 0)
                return;
            if (!Stalled())
            {
                ArmStallTimer();
                return;
            }
            released = TakeWaiters();
        }
        Resume(released);
    }

    // Caller holds the gate.
    private List<Action> TakeWaiters()
    {
        if (waiters.Count == 0)
            return [];
        var taken = waiters;
        waiters = [];
        return taken;
    }

    private static void Resume(List<Action> released)
    {
        foreach (var resume in released)
            resume();
    }

    // A streak ends when everything queued has been written: the consumer caught up.
    private string? TakeFinishedStreak()
    {
        lock (gate)
        {
            if (streak.Count == 0 || filled != 0)
                return null;
            var text = new StringBuilder($"supernetd's {name} caught up after dropping ");
            text.Append(streak.Values.Sum()).Append(" lines (");
            text.AppendJoin(", ", streak.Select(kv => $"{kv.Key.Source}: {kv.Value}"));
            text.Append(')');
            streak.Clear();
            return text.ToString();
        }
    }
}
