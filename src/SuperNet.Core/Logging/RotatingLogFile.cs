using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// A log file opened for appending that rotates the way supervisord does (contract §9.3): after a write
/// that brings the size to maxBytes or more, shift the backups and start an empty file. Not thread-safe;
/// owners serialize calls.
/// </summary>
public sealed class RotatingLogFile : IDisposable
{
    // .NET never opens with O_APPEND, so appending is emulated as "write at the current size". One lock
    // for every instance keeps that atomic between our own writers sharing a path (stdout and stderr sent
    // to one file, or a child log that is also the main log).
    private static readonly Lock AppendLock = new();

    private SafeFileHandle? handle;
    // Only for targets that cannot seek (a pipe or terminal behind /dev/stdout): plain sequential writes.
    private FileStream? sequential;
    private readonly Func<string, SafeFileHandle?>? openFifo;

    /// <param name="openFifo">Opens the path when it names a FIFO (null otherwise) without waiting for a reader, where
    /// .NET's write-only open waits for one on whatever thread opens: the supervisor's at a spawn, the pump's for late
    /// output. May throw <see cref="FifoWithoutReaderException"/>. Null: every path is opened as a file.</param>
    public RotatingLogFile(string path, long maxBytes, int backups, Func<string, SafeFileHandle?>? openFifo = null)
    {
        Path = path;
        MaxBytes = maxBytes;
        Backups = backups;
        this.openFifo = openFifo;
    }

    public string Path { get; }
    public long MaxBytes { get; }
    public int Backups { get; }
    public bool IsOpen => handle is not null;

    /// <summary>The open file (null while closed), for asking what kind of file it is.</summary>
    internal SafeFileHandle? Handle => handle;

    // /dev/stdout redirected to a regular file is seekable, and rotating it would rename the /dev entry
    // itself (supervisord does); such targets need maxbytes=0, so never rotate them.
    private bool IsDeviceAlias => Path.StartsWith("/dev/", StringComparison.Ordinal) || Path.StartsWith("/proc/", StringComparison.Ordinal);

    /// <summary>Opens in append mode, creating the file if needed; does nothing when already open.</summary>
    public void Open()
    {
        if (handle is not null)
            return;
        if (openFifo?.Invoke(Path) is { } fifo)
        {
            handle = fifo;
            sequential = new FileStream(fifo, FileAccess.Write, bufferSize: 0);
            return;
        }
        SafeFileHandle opened;
        try
        {
            opened = File.OpenHandle(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (NotSupportedException)
        {
            // Appending needs a seek that some special files refuse at open; supervisord then opens them
            // for plain writing instead.
            opened = File.OpenHandle(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
        handle = opened;
        if (!HasSize(opened))
            sequential = new FileStream(opened, FileAccess.Write, bufferSize: 0);
    }

    private static bool HasSize(SafeFileHandle file)
    {
        try
        {
            RandomAccess.GetLength(file);
            return true;
        }
        catch (NotSupportedException)
        {
            return false;
        }
    }

    public void Write(ReadOnlySpan<byte> data)
    {
        Open();
        if (sequential is not null)
        {
            // A target without a size cannot rotate; supervisord would fail the channel here instead.
            sequential.Write(data);
            return;
        }
        long size;
        lock (AppendLock)
        {
            long end = RandomAccess.GetLength(handle!);
            try
            {
                RandomAccess.Write(handle!, data, end);
            }
            catch (IOException)
            {
                // A full disk takes part of a write and refuses the rest: cut the part off, or the next write would
                // continue a half line (the main log's next record glued to a truncated one). Shrinking needs no space.
                TruncateTo(end);
                throw;
            }
            size = end + data.Length;
        }
        RotateIfDue(size, data.Length);
    }

    /// <summary>
    /// After a write the disk refused: truncates the file to the end of its last whole line, so that the start of a
    /// line an earlier write or splice put there is not finished by whatever comes once there is room again. Shrinking
    /// needs no space. Returns how many bytes were cut.
    /// </summary>
    public long CutUnfinishedLine()
    {
        if (handle is null || sequential is not null)
            return 0;
        lock (AppendLock)
        {
            try
            {
                var length = RandomAccess.GetLength(handle);
                var keep = LastLineEnd(length);
                if (keep == length)
                    return 0;
                RandomAccess.SetLength(handle, keep);
                return length - keep;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The write's own error is the one to report.
                return 0;
            }
        }
    }

    /// <summary>
    /// The longest unfinished line <see cref="CutUnfinishedLine"/> takes back. Output with no line end in this many
    /// bytes (a progress bar, binary data) is not lines: cutting it would throw away what was logged, so it stays.
    /// </summary>
    public const int MaxUnfinishedLine = 64 * 1024;

    // The handle is write-only (an append handle cannot read): the same open file, whatever its name now, is read
    // through its /proc link, backwards, a page at a time, to the byte after its last line end.
    private long LastLineEnd(long length)
    {
        using var reader = File.OpenHandle($"/proc/self/fd/{handle!.DangerousGetHandle()}", FileMode.Open, FileAccess.Read,
            FileShare.ReadWrite | FileShare.Delete);
        Span<byte> page = stackalloc byte[4096];
        var end = length;
        var floor = Math.Max(0, length - MaxUnfinishedLine);
        while (end > floor)
        {
            var start = Math.Max(floor, end - page.Length);
            var piece = page[..(int)(end - start)];
            var read = RandomAccess.Read(reader, piece, start);
            var newline = piece[..read].LastIndexOf((byte)'\n');
            if (newline >= 0)
                return start + newline + 1;
            end = start;
        }
        return floor == 0 ? 0 : length;
    }

    private void TruncateTo(long length)
    {
        try
        {
            RandomAccess.SetLength(handle!, length);
        }
        catch (IOException)
        {
            // The write's own error is the one to report.
        }
    }

    /// <summary>
    /// Appends what <paramref name="move"/> puts at the file's end (a splice from a pipe), then rotates as
    /// <see cref="Write"/> does; null, without calling it, for a target that has no size (see <see cref="IDirectFileOutput"/>).
    /// </summary>
    public long? Append(Func<SafeFileHandle, long, long> move)
    {
        Open();
        if (sequential is not null)
            return null;
        long moved, end;
        lock (AppendLock)
        {
            end = RandomAccess.GetLength(handle!);
            moved = move(handle!, end);
        }
        if (moved > 0)
            RotateIfDue(end + moved, moved);
        return moved;
    }

    /// <summary>Throws <see cref="LogRotationException"/>: the <paramref name="appended"/> bytes are in the file all the same.</summary>
    private void RotateIfDue(long size, long appended)
    {
        if (MaxBytes <= 0 || size < MaxBytes || IsDeviceAlias)
            return;
        try
        {
            Rotate();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LogRotationException(appended, e);
        }
    }

    /// <summary>Closes and opens the path again (SIGUSR2: an external tool may have moved the file).</summary>
    public void Reopen()
    {
        Close();
        Open();
    }

    /// <summary>Closes and deletes the current file (backups stay); a missing file is not an error.</summary>
    public void Remove()
    {
        Close();
        try
        {
            File.Delete(Path);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    /// <summary>Deletes the current file and opens an empty one (backups stay); a reader never finds no file between.</summary>
    public void Recreate()
    {
        lock (LogRotationGate.For(Path))
        {
            Remove();
            Open();
        }
    }

    /// <summary>
    /// Hands the open file over as a stream (its writes are then the caller's) and leaves this one closed; null while
    /// closed.
    /// </summary>
    internal FileStream? Detach()
    {
        if (handle is null)
            return null;
        var detached = sequential ?? new FileStream(handle, FileAccess.Write, bufferSize: 0);
        sequential = null;
        handle = null;
        return detached;
    }

    public void Close()
    {
        sequential?.Dispose();
        sequential = null;
        handle?.Dispose();
        handle = null;
    }

    public void Dispose() => Close();

    private void Rotate()
    {
        Close();
        lock (LogRotationGate.For(Path))
        {
            if (Backups > 0)
            {
                for (int i = Backups - 1; i > 0; i--)
                {
                    string source = $"{Path}.{i}";
                    if (File.Exists(source))
                        MoveReplacing(source, $"{Path}.{i + 1}");
                }
                MoveReplacing(Path, Path + ".1");
            }
            handle = File.OpenHandle(Path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        }
    }

    private static void MoveReplacing(string source, string target)
    {
        try
        {
            File.Move(source, target, overwrite: true);
        }
        catch (FileNotFoundException)
        {
            // Someone (a cleanup script) removed the file we were about to shift: nothing to keep.
        }
    }
}
