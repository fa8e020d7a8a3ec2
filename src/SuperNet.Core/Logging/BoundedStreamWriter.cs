using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// One of the daemon's own streams (fd 1 or 2) shared by every program logging there and by the main log's
/// echo. Writers append whole lines to a bounded buffer and never wait; one thread of its own writes the
/// buffer out, so a consumer that stops reading stalls only that thread. When the buffer is full, whole lines
/// are dropped and counted per source, and the main log says when dropping starts and, once the stream has
/// caught up, how many lines each source lost.
/// </summary>
public sealed class BoundedStreamWriter : IDisposable
{
    /// <summary>How much may wait for a slow consumer before lines are dropped (per stream).</summary>
    public const int Capacity = 4 * 1024 * 1024;
    private const int InitialBuffer = 64 * 1024;

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
    public void Append(ReadOnlySpan<byte> block, DropCounter source)
    {
        if (block.IsEmpty)
            return;
        bool streakStarted = false;
        lock (gate)
        {
            if (closing)
                return;
            int space = Capacity - filled;
            int take = block.Length <= space ? block.Length : block[..space].LastIndexOf((byte)'\n') + 1;
            if (take > 0)
            {
                EnsureRoom(take);
                block[..take].CopyTo(filling.AsSpan(filled));
                if (filled == 0)
                    Monitor.Pulse(gate);
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
            }
            try
            {
                stream.Write(spare, 0, length);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // A closed stdout (EPIPE): the lines are gone, as they would be for any writer; keep draining.
            }
            if (TakeFinishedStreak() is { } summary)
                reporter()?.Invoke(LogLevel.Warn, summary);
        }
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
