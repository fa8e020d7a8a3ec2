using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// One channel's log file (contract §9.2, §9.3): append mode, supervisord's rotation, reopen, clear, and
/// the reads of the RPC layer. The pump thread writes while the state or HTTP threads read, clear or
/// reopen, so every operation holds one lock (a rotation is never observed half done).
/// </summary>
public sealed class ChildLogWriter : IChildLogTarget, IDirectFileOutput, IDisposable
{
    private readonly Lock gate = new();
    private readonly RotatingLogFile file;
    // The failure of a refused write, until the disk has taken as many bytes as that write held with the unfinished
    // line it cut back (refusedLength): only then has it room again. Lines that fit in the slack of a full disk's last
    // page go in meanwhile, but that slack only shrinks while the disk stays full, so they never add up to the refused
    // bytes; taking them for a recovery reported one outage many times. Meanwhile nothing is spliced, since a splice
    // into that slack moves part of a line and then fails.
    private IOException? refused;
    private long refusedLength;
    // Bytes that went in since the first refusal of the outage, less those cut back as unfinished lines.
    private long takenSinceRefusal;
    // That write took the line it was in with it: the rest of that line, still to come, is dropped too, so a line goes
    // in whole or not at all; but no more than RotatingLogFile.MaxUnfinishedLine of it, so output without line ends
    // is not dropped for good.
    private bool droppingLine;
    private long droppedOfLine;
    private readonly ChildLogQueueing? queueing;
    // The file when it opened on one that may wait for its reader (a FIFO): written through a queue, never here.
    private QueuedChildLog? queued;
    private volatile bool everQueued;
    // The process's stdout log, for its stderr log: when both open the same FIFO they share one queue (its), so their
    // lines reach the reader in the order they came, as a regular file has them.
    private readonly ChildLogWriter? sibling;
    // The queue is the sibling's: closing it is the sibling's.
    private bool borrowed;
    // A FIFO we may only write had no reader at its last open: output is dropped and counted, and a write tries the
    // open again at most once per ReaderRetry (a non-blocking open: no thread waits, and no timer wakes an idle daemon).
    private FifoWithoutReaderException? noReader;
    private long triedReaderAt;
    private long droppedWithoutReader;
    // The last output dropped without a reader ended inside a line, which it counted: its rest, in the next read, is
    // not a line of its own.
    private bool droppedMidLine;

    /// <summary>How often output arriving for a FIFO without a reader tries its open again.</summary>
    public static readonly TimeSpan ReaderRetry = TimeSpan.FromSeconds(1);

    /// <param name="queueing">How a file that opens on one whose writes can wait for a reader is queued; null: every
    /// file is written directly.</param>
    /// <param name="sibling">The same process's stdout log, given to its stderr log, which is opened after it at each
    /// spawn: a queued file they both open is written through one queue.</param>
    public ChildLogWriter(string path, long maxBytes, int backups, ChildLogQueueing? queueing = null, ChildLogWriter? sibling = null)
    {
        file = new RotatingLogFile(path, maxBytes, backups, queueing?.OpenFifo);
        this.queueing = queueing;
        this.sibling = sibling;
    }

    /// <summary>The writer for a channel's options, or null when the channel has no file (NONE, syslog only, a daemon stream).</summary>
    public static ChildLogWriter? For(ChildLogOptions options, ChildLogQueueing? queueing = null, ChildLogWriter? sibling = null) =>
        options.Path is { } path && options.Stream == DaemonStream.None
            ? new ChildLogWriter(path, options.MaxBytes, options.Backups, queueing, sibling)
            : null;

    /// <summary>This writer's own queued file when it is the one <paramref name="path"/> names.</summary>
    private QueuedChildLog? QueuedAt(string path)
    {
        lock (gate)
            return queued is not null && !borrowed && queued.IsStillAt(path) ? queued : null;
    }

    // Caller holds the gate: the queued file is still the one the path names and, when borrowed, still the sibling's.
    private bool KeepsOpenQueue() =>
        borrowed ? sibling!.QueuedAt(Path) == queued : queued?.IsStillAt(Path) == true;

    /// <summary>
    /// The queue of the file opened at the last spawn when it may wait for its reader (see <see cref="QueuedChildLog"/>):
    /// the spawn's output is cut into whole lines and queued there. Null for a file written directly.
    /// </summary>
    internal BoundedStreamWriter? Queue
    {
        get
        {
            lock (gate)
                return queued?.Queue;
        }
    }

    /// <summary>The file has been queued once: its drops are counted and shown.</summary>
    public bool EverQueued => everQueued;

    public string Path => file.Path;

    public bool IsOpen
    {
        get
        {
            lock (gate)
                return file.IsOpen || queued is not null;
        }
    }

    /// <summary>
    /// At every spawn: (re)opens for appending, creating the file. supervisord opens its handlers afresh at
    /// each spawn, so a log deleted while the process was stopped comes back. A queued file that the path still names
    /// is kept with its queue (see <see cref="QueuedChildLog.IsStillAt"/>).
    /// </summary>
    public void Open()
    {
        lock (gate)
        {
            refused = null;
            takenSinceRefusal = 0;
            droppingLine = false;
            droppedOfLine = 0;
            droppedMidLine = false;
            if (queued is not null && KeepsOpenQueue())
                return;
            CloseFile();
            OpenFileAsked();
        }
    }

    // Caller holds the gate. A spawn or a SIGUSR2 asked for the file: a failure is theirs to report, with its errno.
    private void OpenFileAsked()
    {
        try
        {
            OpenFile();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw LogOpenException.For(Path, e);
        }
    }

    // Caller holds the gate. A FIFO without a reader is not an error of the spawn: its output is dropped until one comes.
    private void OpenFile()
    {
        if (sibling?.QueuedAt(Path) is { } shared)
        {
            queued = shared;
            borrowed = true;
            everQueued = true;
            if (noReader is not null)
                ReaderCame();
            return;
        }
        try
        {
            file.Open();
        }
        catch (FifoWithoutReaderException e)
        {
            if (noReader is null)
                droppedWithoutReader = 0;
            NoReader(e);
            return;
        }
        QueueIfItMayWait();
        if (noReader is not null)
            ReaderCame();
    }

    // Caller holds the gate. Its drops count as a queued file's do (dropped_lines): it is one, once it has a reader.
    private void NoReader(FifoWithoutReaderException e)
    {
        noReader = e;
        everQueued = true;
        triedReaderAt = queueing!.Time.GetTimestamp();
    }

    // Caller holds the gate. Nothing to say when nothing was dropped: no failure was reported either.
    private void ReaderCame()
    {
        noReader = null;
        droppedMidLine = false;
        if (droppedWithoutReader > 0)
            queueing!.Report(LogLevel.Warn, BoundedStreamWriter.ReaderAgain(QueuedChildLog.NameOf(Path), queueing.Drops, droppedWithoutReader));
    }

    // Caller holds the gate; the FIFO had no reader at the last try. Throws, as a failed write does, unless it has one now.
    private void WriteWithoutReader(ReadOnlySpan<byte> data)
    {
        if (queueing!.Time.GetElapsedTime(triedReaderAt) >= ReaderRetry)
        {
            OpenFile();
            if (noReader is null)
                return;
        }
        if (data.IsEmpty)
            throw new IOException(noReader!.Message, noReader);
        var endsMidLine = data[^1] != (byte)'\n';
        long lines = data.Count((byte)'\n') + (endsMidLine ? 1 : 0) - (droppedMidLine ? 1 : 0);
        droppedMidLine = endsMidLine;
        droppedWithoutReader += lines;
        queueing.Drops.Add(lines);
        throw new IOException(noReader!.Message, noReader);
    }

    // Caller holds the gate; the file is open.
    private void QueueIfItMayWait()
    {
        if (queueing is not null && file.Handle is { } handle && queueing.MayBlock(handle))
        {
            queued = new QueuedChildLog(file.Detach()!, Path, queueing);
            everQueued = true;
        }
    }

    // Caller holds the gate. A queued file is let go without waiting for its reader.
    private void CloseFile()
    {
        if (!borrowed)
            queued?.CloseLater();
        queued = null;
        borrowed = false;
        file.Close();
    }

    /// <summary>
    /// Appends (opening if needed: output still draining after the exit is kept), then rotates if due; a failed
    /// rotation throws <see cref="LogRotationException"/> after the bytes were written.
    /// </summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (gate)
        {
            if (noReader is not null)
                WriteWithoutReader(data);
            // Only a spawn begun while the path was a regular file, or before its FIFO had a reader, writes here once it
            // is queued: it cannot pause.
            if (queued is not null)
            {
                queued.Queue.Append(data, queueing!.Drops, pausable: false);
                return;
            }
            if (droppingLine)
            {
                var end = data.IndexOf((byte)'\n');
                if (end < 0 && (droppedOfLine += data.Length) <= RotatingLogFile.MaxUnfinishedLine)
                    throw new IOException(refused!.Message, refused);
                droppingLine = false;
                if (end >= 0)
                {
                    data = data[(end + 1)..];
                    if (data.IsEmpty)
                        return;
                }
            }
            try
            {
                file.Write(data);
                Took(data.Length);
            }
            catch (FifoWithoutReaderException e)
            {
                // Output after the pipe's end opened the FIFO again, and its reader had gone.
                droppedWithoutReader = 0;
                NoReader(e);
                WriteWithoutReader(data);
            }
            catch (LogRotationException)
            {
                Took(data.Length);
                throw;
            }
            catch (IOException e)
            {
                // The file took back this write; the start of its first line, written (or spliced) before, goes too.
                var cut = file.CutUnfinishedLine();
                if (refused is null)
                {
                    // What was cut had gone in before this write failed: the disk had no room for the two together.
                    refusedLength = data.Length + cut;
                    takenSinceRefusal = 0;
                }
                else
                {
                    takenSinceRefusal -= cut;
                }
                refused = e;
                droppingLine = data.Length > 0 && data[^1] != (byte)'\n';
                droppedOfLine = data.Length - (data.LastIndexOf((byte)'\n') + 1);
                throw;
            }
        }
    }

    /// <summary>
    /// A write was refused and the disk has not had room since, though writes that fit in what was left may have
    /// gone in: a failure reported once is not reported again until then.
    /// </summary>
    public bool Refusing
    {
        get
        {
            lock (gate)
                return refused is not null;
        }
    }

    // Caller holds the gate.
    private void Took(long length)
    {
        if (refused is not null && (takenSinceRefusal += length) >= refusedLength)
            refused = null;
    }

    /// <summary>
    /// The spliced counterpart of <see cref="Write"/>. A file that cannot be opened returns null: the caller
    /// then reads the bytes and writes them, and that write reports the failure (a splice the disk refuses is
    /// followed by such a write too, which cuts what the splice left of a line). A rotation that fails after the
    /// splice throws <see cref="LogRotationException"/>, as <see cref="Write"/> does.
    /// </summary>
    public long? Append(Func<SafeFileHandle, long, long> move)
    {
        lock (gate)
        {
            // After a refused write the bytes are read and written until a write succeeds (see refused).
            if (refused is not null || queued is not null || noReader is not null)
                return null;
            try
            {
                return file.Append(move);
            }
            catch (Exception e) when (e is (IOException and not LogRotationException) or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>SIGUSR2: closes and opens the path again (only meaningful while open).</summary>
    public void Reopen()
    {
        lock (gate)
        {
            if (queued is not null && KeepsOpenQueue())
                return;
            if (queued is not null || file.IsOpen)
            {
                CloseFile();
                OpenFileAsked();
            }
        }
    }

    /// <summary>
    /// clearProcessLogs: deletes the current file (backups stay) and opens a new empty one. The caller
    /// calls it only for a running process; supervisord touches nothing otherwise.
    /// </summary>
    public void Clear()
    {
        lock (gate)
        {
            if (!borrowed)
                queued?.CloseLater();
            queued = null;
            borrowed = false;
            file.Recreate();
            QueueIfItMayWait();
        }
    }

    /// <summary>After the process exits; a later write or spawn opens again.</summary>
    public void Close()
    {
        lock (gate)
            CloseFile();
    }

    /// <summary>
    /// The spawn's pipe reached end of file: the file is released as supervisord drops a finished process's
    /// handlers (a deleted log frees its space; SIGUSR2 leaves a moved one alone). Output still to come
    /// (a pipe held by a grandchild) opens it again.
    /// </summary>
    public void Flush()
    {
        lock (gate)
        {
            // A queued file stays open until the next spawn: opening it again for a grandchild's late output would
            // wait, on the pump thread, for a reader to come back.
            if (queued is null)
                file.Close();
        }
    }

    /// <summary>readProcess*Log rules; throws <see cref="LogReadException"/>.</summary>
    public byte[] Read(long offset, long length)
    {
        lock (gate)
            return LogFileReader.Read(Path, offset, length);
    }

    /// <summary>tailProcess*Log rules; never throws.</summary>
    public LogTail Tail(long offset, long length)
    {
        lock (gate)
            return LogFileReader.Tail(Path, offset, length);
    }

    public void Dispose()
    {
        QueuedChildLog? last;
        lock (gate)
        {
            last = borrowed ? null : queued;
            queued = null;
            borrowed = false;
            file.Close();
        }
        // Outside the gate: the queue may take its patience with a reader that stopped.
        last?.Close();
    }
}
