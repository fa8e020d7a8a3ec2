using System.Text;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// A <c>logfile</c> whose open file can make a write wait for its reader, whatever its path says: a FIFO (a log
/// shipper's named pipe), a socket, a character device other than /dev/null (a console, a terminal). The thread that
/// logs is the supervisor's, so a reader that stops would stop every program and every request with it (supervisord
/// 4.2.5 does stop so: it never even binds its socket). Lines go to a bounded queue instead, written out by a thread of
/// its own, as the daemon's own streams are (<see cref="DaemonStreamFileDestination"/>); what does not fit is dropped
/// whole and counted, and the main log says so when dropping starts and once the reader catches up. A reopen keeps
/// the file and its queue while the path still names it; one that finds a regular file at the path (a clear removed
/// the FIFO) writes it directly again.
/// </summary>
internal sealed class QueuedFileDestination : IMainLogDestination
{
    private readonly FileDestination file;
    private readonly Func<SafeFileHandle, bool> mayBlock;
    private readonly TimeProvider time;
    private readonly DropCounter drops = new("supervisord");
    private Action<LogLevel, string>? report;
    // A report that arrives once the log has closed is not written: it would open the file again.
    private volatile bool closed;
    private BoundedStreamWriter? queue;
    // A FIFO we may only write had no reader at its open: each line tries one non-blocking open, and the file holds
    // the lines (dropping and counting past its limit) until an open succeeds and the queue takes them over.
    private bool awaitingReader;

    private QueuedFileDestination(FileDestination file, Func<SafeFileHandle, bool> mayBlock, TimeProvider time, bool awaitingReader = false)
    {
        this.file = file;
        this.mayBlock = mayBlock;
        this.time = time;
        this.awaitingReader = awaitingReader;
        if (!awaitingReader)
            queue = NewQueue();
    }

    /// <summary>A destination for <paramref name="file"/>, a FIFO whose open found no reader (so it is closed).</summary>
    public static QueuedFileDestination AwaitingReader(FileDestination file, Func<SafeFileHandle, bool> mayBlock, TimeProvider time) =>
        new(file, mayBlock, time, awaitingReader: true);

    /// <summary>A destination for <paramref name="file"/> (open) when its file may block, else null.</summary>
    public static QueuedFileDestination? IfItMayBlock(FileDestination file, Func<SafeFileHandle, bool> mayBlock, TimeProvider time) =>
        file.File.Handle is { } handle && mayBlock(handle) ? new QueuedFileDestination(file, mayBlock, time) : null;

    /// <summary>
    /// The queue's own reports (dropping, caught up, a failed write) go to <paramref name="log"/>, asynchronously: the
    /// queue's thread must never wait for the log's gate, which a reopen or close holds while it waits for that thread.
    /// </summary>
    public void ReportTo(IMainLog log) =>
        report = (level, message) => ThreadPool.UnsafeQueueUserWorkItem(static s =>
        {
            if (!s.self.closed)
                s.log.Log(s.level, s.message);
        }, (self: this, log, level, message), preferLocal: false);

    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        if (awaitingReader)
        {
            // One non-blocking open per line, and nothing written here once it opens: the reader that came may read
            // nothing, with the FIFO full already, and this is the supervisor's thread.
            if (!file.TryOpen())
            {
                file.Hold(localTime, level, message);
                return;
            }
            awaitingReader = false;
            QueueIfItMayBlock(localTime);
        }
        if (queue is null)
            file.Write(localTime, level, message);
        else
            queue.Append(Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, level, message)), drops, pausable: false);
    }

    public void Reopen()
    {
        // The path still names the open FIFO: reopening it gains nothing, and closing the queue would wait up to
        // ClosePatience for a stopped reader, then lose every line still in it unreported (SIGUSR2 did).
        if (queue is not null && file.File.Handle is { } open && QueuedChildLog.IsStillAt(open, file.File.Path))
            return;
        // The old queue goes first: its thread must be done with the handle the reopen closes.
        queue?.Close(BoundedStreamWriter.ClosePatience);
        queue = null;
        file.Reopen();
        awaitingReader = file.File.Handle is null;
        if (!awaitingReader)
            QueueIfItMayBlock(time.GetLocalNow());
    }

    // The file has just opened: one that may wait for its reader gets a queue, which writes the lines the file held
    // while it was closed before any later one.
    private void QueueIfItMayBlock(DateTimeOffset localTime)
    {
        if (file.File.Handle is not { } handle || !mayBlock(handle))
            return;
        var opened = NewQueue();
        queue = opened;
        file.HandOver(line => opened.Append(line, drops, pausable: false), localTime);
    }

    public void Dispose()
    {
        closed = true;
        queue?.Close(BoundedStreamWriter.ClosePatience);
        file.Dispose();
    }

    // The file's own handle, written sequentially; the stream is not disposed here, the file owns the handle.
    private BoundedStreamWriter NewQueue() =>
        new(new FileStream(file.File.Handle!, FileAccess.Write, bufferSize: 0), "main log", () => report, time, owner: drops);
}
