using System.Diagnostics;
using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// One of the daemon's own streams (fd 1 or 2) shared by every program logging there and by the main log's
/// echo. Writers append whole lines to a bounded buffer; one thread of its own writes the buffer out, so a
/// consumer that stops reading stalls only that thread. When the buffer is full while the consumer is still
/// taking writes, child output waits for room (the programs go at the consumer's pace, as with any pipe, and
/// nothing is lost); once a single write has been stuck for <see cref="StallAfter"/>, or for the main log's
/// echo at once, whole lines are dropped and counted per source, and the main log says when dropping starts
/// and, once the stream has caught up, how many lines each source lost.
/// </summary>
public sealed class BoundedStreamWriter : IDisposable
{
    /// <summary>How much may wait for a slow consumer before lines are dropped (per stream).</summary>
    public const int Capacity = 4 * 1024 * 1024;
    private const int InitialBuffer = 64 * 1024;
    /// <summary>A write to the consumer that has not returned after this long means it stopped reading.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromMilliseconds(500);

    // An object, not a Lock: the writer thread waits on it with Monitor.
    private readonly object gate = new();
    private readonly Stream stream;
    private readonly string name;
    private readonly Func<Action<LogLevel, string>?> reporter;
    private readonly Dictionary<DropCounter, long> streak = [];
    private byte[] filling = [];
    private byte[] spare = [];
    private int filled;
    private Thread? thread;
    private bool closing;
    // When the write in progress began (Stopwatch ticks); 0 while none is.
    private long writingSince;

    /// <param name="name">"stdout" or "stderr", for the main-log reports.</param>
    /// <param name="reporter">The main log of the moment (it changes with each configuration generation), or null.</param>
    public BoundedStreamWriter(Stream stream, string name, Func<Action<LogLevel, string>?> reporter)
    {
        this.stream = stream;
        this.name = name;
        this.reporter = reporter;
    }

    /// <summary>
    /// Queues <paramref name="block"/>: whole lines, each ending in '\n' except perhaps a flushed partial last one.
    /// What does not fit is dropped at a line boundary and counted against <paramref name="source"/>.
    /// </summary>
    /// <param name="waitForRoom">Wait for room while the consumer is taking writes (child output on the pump
    /// thread); false never waits (the supervisor thread's main-log echo).</param>
    public void Append(ReadOnlySpan<byte> block, DropCounter source, bool waitForRoom = true)
    {
        if (block.IsEmpty)
            return;
        bool streakStarted = false;
        lock (gate)
        {
            while (waitForRoom && !closing && block.Length > Capacity - filled && block.Length <= Capacity
                   && StuckFor() is var stuck && stuck < StallAfter)
                Monitor.Wait(gate, StallAfter - stuck);
            if (closing)
                return;
            int space = Capacity - filled;
            int take = block.Length <= space ? block.Length : block[..space].LastIndexOf((byte)'\n') + 1;
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
                long lines = rest.Count((byte)'\n') + (rest[^1] == (byte)'\n' ? 0 : 1);
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

    /// <summary>Writes out what is queued, waiting at most <paramref name="timeout"/> for a slow consumer; later appends are dropped.</summary>
    public void Close(TimeSpan timeout)
    {
        Thread? running;
        lock (gate)
        {
            closing = true;
            Monitor.PulseAll(gate);
            running = thread;
        }
        running?.Join(timeout);
    }

    public void Dispose() => Close(TimeSpan.FromSeconds(2));

    private void EnsureRoom(int more)
    {
        if (filled + more <= filling.Length)
            return;
        var size = Math.Max(filling.Length, InitialBuffer);
        while (size < filled + more)
            size *= 2;
        Array.Resize(ref filling, Math.Min(size, Capacity));
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
            lock (gate)
            {
                while (filled == 0 && !closing)
                    Monitor.Wait(gate);
                if (filled == 0)
                    return;
                (filling, spare) = (spare, filling);
                length = filled;
                filled = 0;
                writingSince = Stopwatch.GetTimestamp();
                // Appends waiting for room have it now.
                Monitor.PulseAll(gate);
            }
            try
            {
                stream.Write(spare, 0, length);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A closed stdout (EPIPE): the lines are gone, as they would be for any writer; keep draining.
            }
            lock (gate)
                writingSince = 0;
            if (TakeFinishedStreak() is { } summary)
                reporter()?.Invoke(LogLevel.Warn, summary);
        }
    }

    // Caller holds the gate.
    private TimeSpan StuckFor() => writingSince == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(writingSince);

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
