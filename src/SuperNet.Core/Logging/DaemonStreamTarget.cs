using System.Buffers;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// One spawn's channel logged to a daemon stream (stdout_logfile=stdout, /dev/stdout, ...). Output is cut at
/// line ends so each line reaches the shared stream whole; the unfinished end of a chunk waits for the rest of
/// its line, and goes out alone after <see cref="PartialTimeout"/>, at end of file, or once it is
/// <see cref="MaxLine"/> long. Written from the pump thread; the partial-line timer runs on the thread pool and,
/// once the pump has said how (<see cref="ReadBy"/>), has the pump read what the pipe holds before deciding.
/// </summary>
internal sealed class DaemonStreamTarget : IChildLogTarget, IOutputRoom, IDisposable
{
    public static readonly TimeSpan PartialTimeout = TimeSpan.FromMilliseconds(200);
    /// <summary>
    /// How long the first bytes of a UTF-8 character, held back when the line before them went out at the timeout,
    /// wait for the rest: long enough for a program writing a character in two calls on a loaded machine, short
    /// enough that one that never finishes it still has every byte out.
    /// </summary>
    public static readonly TimeSpan CharacterWait = TimeSpan.FromSeconds(5);
    public const int MaxLine = 64 * 1024;

    private static readonly BlockFill<PrefixedChunk> FillChunk = LineFormat.FillPrefixed;

    private readonly Lock gate = new();
    private readonly BoundedStreamWriter writer;
    private readonly DropCounter drops;
    private readonly LineFormat format;
    private readonly TimeProvider time;
    private readonly ArrayBufferWriter<byte> pending = new();
    private readonly ArrayBufferWriter<byte> output = new();
    private ITimer? timer;
    private Action<Action>? readNow;
    private readonly Action decide;
    private readonly Action<DaemonStreamTarget>? ended;
    // Set from arming the timer until its decision, the pipe read in between included.
    private bool timerArmed;
    private long pendingSince;
    // pending holds only a character's first bytes, held back at a timeout; the armed timer waits CharacterWait.
    private bool characterHeld;

    /// <param name="ended">Told once the spawn's pipe reached end of file (or the logs closed): nothing more comes.</param>
    public DaemonStreamTarget(BoundedStreamWriter writer, DropCounter drops, LineFormat format, TimeProvider time,
        Action<DaemonStreamTarget>? ended = null)
    {
        this.writer = writer;
        this.ended = ended;
        this.drops = drops;
        this.format = format;
        this.time = time;
        decide = Decide;
    }

    public void ReadBy(Action<Action> readNow) => Volatile.Write(ref this.readNow, readNow);

    public IOutputRoom Room => this;

    public bool WaitForRoom(Action resume) => writer.WaitForRoom(() =>
    {
        RestartPartialWait();
        resume();
    });

    // A paused pipe may hold the rest of the line: once it is read again, the daemon, not the program, has been
    // the one waiting, so the program gets its whole timeout from here (on a loaded machine the pump may take a
    // while to be scheduled after the resume).
    private void RestartPartialWait()
    {
        lock (gate)
        {
            if (pending.WrittenCount > 0)
                pendingSince = time.GetTimestamp();
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            int last = data.LastIndexOf((byte)'\n');
            if (last < 0)
            {
                Hold(data);
                return;
            }
            if (pending.WrittenCount + data.IndexOf((byte)'\n') > MaxLine)
            {
                data = CutLongLine(data);
                last = data.LastIndexOf((byte)'\n');
            }
            var lines = data[..(last + 1)];
            if (format.IsRaw && pending.WrittenCount == 0)
            {
                writer.Append(lines, drops);
            }
            else if (format.IsRaw)
            {
                pending.Write(lines);
                writer.Append(pending.WrittenSpan, drops);
                pending.ResetWrittenCount();
            }
            else if (format.FixedPrefix is not null)
            {
                AppendPrefixed(lines);
            }
            else
            {
                output.ResetWrittenCount();
                var stamp = format.NeedsTime ? LineFormat.Time(time.GetUtcNow()) : [];
                if (pending.WrittenCount > 0)
                {
                    int end = lines.IndexOf((byte)'\n');
                    pending.Write(lines[..end]);
                    format.Append(output, pending.WrittenSpan, stamp, complete: true);
                    pending.ResetWrittenCount();
                    lines = lines[(end + 1)..];
                }
                if (format.IsJson)
                {
                    format.AppendJsonLines(output, lines, stamp);
                }
                else
                {
                    // A prefix with the time: the time is read once per chunk, so within it the prefix is fixed.
                    var prefix = format.TimedPrefix(stamp);
                    output.Advance(LineFormat.FillPrefixed(output.GetSpan(LineFormat.PrefixedBound(lines, prefix.Length)), lines, prefix));
                }
                writer.Append(output.WrittenSpan, drops);
            }
            Hold(data[(last + 1)..]);
        }
    }

    // The common container case (a fixed prefix) formats straight into the stream's queue (or, on a regular file
    // with nothing queued, into the block written there), the line an earlier chunk began included: one block per
    // chunk, so the file gets one write per pipe read.
    private void AppendPrefixed(ReadOnlySpan<byte> lines)
    {
        var chunk = new PrefixedChunk(pending.WrittenSpan, lines, format.FixedPrefix!);
        if (!writer.TryAppendInPlace(LineFormat.PrefixedBound(chunk), chunk, FillChunk))
        {
            int length = chunk.Head.Length + lines.Length + lines.Count((byte)'\n') * chunk.Prefix.Length;
            output.ResetWrittenCount();
            output.Advance(LineFormat.FillPrefixed(output.GetSpan(length), chunk));
            writer.Append(output.WrittenSpan, drops);
        }
        pending.ResetWrittenCount();
    }

    /// <summary>End of file: the unfinished line goes out now, and the timer is no longer needed.</summary>
    public void Flush()
    {
        lock (gate)
        {
            FlushPending();
            // A later write (a pipe still open when the logs closed) makes a new one.
            timer?.Dispose();
            timer = null;
            timerArmed = false;
        }
        ended?.Invoke(this);
    }

    public void Dispose() => Flush();

    // The chunk's first line (with what earlier chunks held of it) is past MaxLine: its pieces go out alone until
    // the rest fits, as they would have had its end come later. Only the first line is looked at (its newline is
    // near the start of a chunk but in such a line): a later line that begins and ends inside one read goes out
    // whole (at most one read), since finding it would scan every chunk on the hot path.
    private ReadOnlySpan<byte> CutLongLine(ReadOnlySpan<byte> data)
    {
        int head = data.IndexOf((byte)'\n');
        while (pending.WrittenCount + head > MaxLine)
        {
            int take = WholeCharacters(data, MaxLine - pending.WrittenCount);
            pending.Write(data[..take]);
            FlushPending();
            data = data[take..];
            head -= take;
        }
        return data;
    }

    private void Hold(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
            return;
        // Pieces of MaxLine, never more: what one read adds to a held line is cut where the line reaches the limit.
        while (pending.WrittenCount + rest.Length >= MaxLine)
        {
            int take = WholeCharacters(rest, MaxLine - pending.WrittenCount);
            pending.Write(rest[..take]);
            FlushPending();
            rest = rest[take..];
        }
        if (rest.IsEmpty)
            return;
        // A held character's wait was for its own bytes: the line it begins now waits the partial timeout.
        bool wasCharacter = characterHeld;
        characterHeld = false;
        if (pending.WrittenCount == 0 || wasCharacter)
            pendingSince = time.GetTimestamp();
        pending.Write(rest);
        if (!timerArmed || wasCharacter)
        {
            timerArmed = true;
            timer ??= time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            timer.Change(PartialTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    // A cut inside a UTF-8 character leaves two halves that are not text: JSON shows each as U+FFFD and a prefix lands
    // between them, so a formatted piece ends before the character instead (at most 3 bytes short of the limit).
    // Raw pieces go out back to back, byte for byte, so their cut is invisible and stays where it is.
    private int WholeCharacters(ReadOnlySpan<byte> data, int take)
    {
        if (format.IsRaw)
            return take;
        for (int at = take - 1; at >= 0 && at >= take - 3; at--)
        {
            byte b = data[at];
            if (b < 0x80)
                return take;
            if (b < 0xC0)
                continue;
            int length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
            // A lead at the very start would leave nothing of this data for the piece: the character began in
            // what was held before, so the cut cannot avoid it.
            return at + length > take && at > 0 ? at : take;
        }
        return take;
    }

    // A loaded machine may not have run the pump since the rest of the line reached the pipe: the pump reads what
    // is there first, so the piece goes out alone only when the program itself has not finished the line.
    private void OnTimer()
    {
        if (Volatile.Read(ref readNow) is { } read)
            read(decide);
        else
            Decide();
    }

    private void Decide()
    {
        lock (gate)
        {
            timerArmed = false;
            if (pending.WrittenCount == 0)
                return;
            // While the queue pauses pipes, the rest of the line may be waiting in this one: the wait is ours,
            // not the program's, so it starts over.
            if (writer.Congested)
                pendingSince = time.GetTimestamp();
            var waited = time.GetElapsedTime(pendingSince);
            var limit = characterHeld ? CharacterWait : PartialTimeout;
            if (waited >= limit)
            {
                // A character the program has only begun waits for its other bytes, as a long line's cut does.
                FlushPending(WholeCharacters(pending.WrittenSpan, pending.WrittenCount));
                if (!characterHeld)
                    return;
                pendingSince = time.GetTimestamp();
                (waited, limit) = (TimeSpan.Zero, CharacterWait);
            }
            // The line pending now began after the timer was set: give it its full wait.
            timerArmed = true;
            timer!.Change(limit - waited, Timeout.InfiniteTimeSpan);
        }
    }

    private void FlushPending() => FlushPending(pending.WrittenCount);

    /// <param name="length">What goes out; the rest (at most the 3 bytes of a character begun) stays pending.</param>
    private void FlushPending(int length)
    {
        if (pending.WrittenCount == 0)
            return;
        output.ResetWrittenCount();
        var stamp = format.NeedsTime ? LineFormat.Time(time.GetUtcNow()) : [];
        format.Append(output, pending.WrittenSpan[..length], stamp, complete: !format.IsRaw);
        Span<byte> begun = stackalloc byte[3];
        var kept = begun[..(pending.WrittenCount - length)];
        pending.WrittenSpan[length..].CopyTo(kept);
        pending.ResetWrittenCount();
        pending.Write(kept);
        characterHeld = !kept.IsEmpty;
        writer.Append(output.WrittenSpan, drops);
    }
}
