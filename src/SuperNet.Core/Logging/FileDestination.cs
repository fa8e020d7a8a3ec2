using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// The main log's <c>logfile</c>, written as UTF-8 with supervisord's rotation. A line the file refuses (a full
/// disk) is held, up to <see cref="MaxHeldBytes"/>, and written before the next line once the file takes lines
/// again: supervisord's stream buffer keeps such lines the same way. Lines beyond the bound are counted, and the
/// count and the reason are written where they are missing. Lines still refused when the log closes (at exit or a
/// restart) are counted on <paramref name="stderr"/>, the one place left to say so. Callers serialize calls (the
/// sink's gate).
/// </summary>
internal sealed class FileDestination(RotatingLogFile file, TextWriter stderr) : IMainLogDestination
{
    /// <summary>Lines held while the file cannot be written; a few hundred of supervisord's lines.</summary>
    public const int MaxHeldBytes = 64 * 1024;

    private readonly Queue<byte[]> held = new();
    private long heldBytes;
    private long dropped;
    private string? failure;
    // The note of dropped lines written at close carries the last line's time: the destination has no clock.
    private DateTimeOffset lastTime;

    public RotatingLogFile File { get; } = file;

    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        lastTime = localTime;
        byte[] line = Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, level, message));
        // Held lines go first, or a line would reach the file before older ones.
        if (WriteHeld(localTime) && TryWrite(line))
            return;
        Hold(line);
    }

    private bool WriteHeld(DateTimeOffset localTime)
    {
        while (held.TryPeek(out var line))
        {
            if (!TryWrite(line))
                return false;
            held.Dequeue();
            heldBytes -= line.Length;
        }
        if (dropped > 0)
        {
            var note = Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, LogLevel.Warn, DroppedNote()));
            if (!TryWrite(note))
                return false;
            dropped = 0;
        }
        return true;
    }

    private bool TryWrite(byte[] line)
    {
        try
        {
            File.Write(line);
            return true;
        }
        catch (LogRotationException)
        {
            // The line is in the file; only the rotation after it failed, and the next write tries again.
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
            return false;
        }
    }

    /// <summary>Opens the file if it is closed; false while it cannot be (the reason goes into the note of dropped lines).</summary>
    public bool TryOpen()
    {
        try
        {
            File.Open();
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
            return false;
        }
    }

    /// <summary>Holds a line without trying the file (it was just tried), as a refused write does.</summary>
    public void Hold(DateTimeOffset localTime, LogLevel level, string message)
    {
        lastTime = localTime;
        Hold(Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, level, message)));
    }

    /// <summary>
    /// Gives the held lines, then the note of those dropped, to <paramref name="write"/> instead of the file, which holds
    /// none afterwards: a file that may make a write wait for its reader is written by a queue's thread.
    /// </summary>
    public void HandOver(Action<byte[]> write, DateTimeOffset localTime)
    {
        while (held.TryDequeue(out var line))
            write(line);
        heldBytes = 0;
        if (dropped > 0)
            write(Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, LogLevel.Warn, DroppedNote())));
        dropped = 0;
    }

    private string DroppedNote() => $"{dropped} main log lines dropped while the log file could not be written: {failure}";

    private void Hold(byte[] line)
    {
        if (heldBytes + line.Length > MaxHeldBytes)
        {
            dropped++;
            return;
        }
        held.Enqueue(line);
        heldBytes += line.Length;
    }

    /// <summary>
    /// SIGUSR2. A path that cannot be opened now (its directory removed by a rotation script, or another FIFO there with
    /// no reader yet) is a refused write: lines are held and each later line tries the open again, as on a full disk.
    /// </summary>
    public void Reopen()
    {
        try
        {
            File.Reopen();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failure = e.Message;
        }
    }

    public void Dispose()
    {
        // A last try: the disk may have room again since the last line.
        if ((held.Count > 0 || dropped > 0) && !WriteHeld(lastTime))
        {
            try
            {
                stderr.Write($"Warning: {held.Count + dropped} main log lines are lost: the log file could not be written: {failure}\n");
                stderr.Flush();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                // stderr is gone too: nowhere is left to say it.
            }
        }
        File.Dispose();
    }
}
