using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// The main log's <c>logfile</c>, written as UTF-8 with supervisord's rotation. A line the file refuses (a full
/// disk) is held, up to <see cref="MaxHeldBytes"/>, and written before the next line once the file takes lines
/// again: supervisord's stream buffer keeps such lines the same way. Lines beyond the bound are counted, and the
/// count and the reason are written where they are missing. Callers serialize calls (the sink's gate).
/// </summary>
internal sealed class FileDestination(RotatingLogFile file) : IMainLogDestination
{
    /// <summary>Lines held while the file cannot be written; a few hundred of supervisord's lines.</summary>
    public const int MaxHeldBytes = 64 * 1024;

    private readonly Queue<byte[]> held = new();
    private long heldBytes;
    private long dropped;
    private string? failure;

    public RotatingLogFile File { get; } = file;

    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
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
            var note = Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, LogLevel.Warn,
                $"{dropped} main log lines dropped while the log file could not be written: {failure}"));
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

    public void Reopen() => File.Reopen();

    public void Dispose() => File.Dispose();
}
