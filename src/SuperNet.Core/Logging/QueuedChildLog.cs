using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// How a channel log that opens on a file whose writes can wait for a reader is queued (see <see cref="QueuedChildLog"/>).
/// </summary>
/// <param name="MayBlock">Whether an open file's writes can wait for a reader (fstat: a FIFO, a socket, a character
/// device but /dev/null), whatever its path says.</param>
/// <param name="Drops">The process's count of lines dropped because the file's reader did not keep up.</param>
/// <param name="Report">Where the queue says it is dropping lines and once it has caught up (the main log).</param>
/// <param name="OpenFifo">Opens a path that names a FIFO without waiting for a reader, null for any other path (see
/// <see cref="RotatingLogFile"/>). Null: every file is opened for writing alone, as .NET opens it.</param>
public sealed record ChildLogQueueing(Func<SafeFileHandle, bool> MayBlock, DropCounter Drops, Action<LogLevel, string> Report, TimeProvider Time,
    Func<string, SafeFileHandle?>? OpenFifo = null);

/// <summary>
/// A channel log (<c>stdout_logfile=</c>, <c>stderr_logfile=</c>) open on a file that can make a write wait for its
/// reader: a log shipper's named pipe, a socket, a terminal. The output pump writes every program's output, so a
/// reader that stops would stop them all (supervisord 4.2.5 stops so: its one loop waits in that write for good).
/// Lines go to a bounded queue of this file's own instead, written out by a thread of its own, as the daemon's own
/// streams are (<see cref="BoundedStreamWriter"/>): the program's pipe pauses while its reader is slow, and once the
/// reader has taken nothing for a while, whole lines that do not fit are dropped, counted and reported.
/// </summary>
internal sealed class QueuedChildLog
{
    private readonly FileStream stream;

    public QueuedChildLog(FileStream stream, string path, ChildLogQueueing queueing)
    {
        this.stream = stream;
        Queue = new BoundedStreamWriter(stream, NameOf(path), () => queueing.Report, queueing.Time, owner: queueing.Drops);
    }

    /// <summary>How the main log's reports name a program's log file (after "supernetd's").</summary>
    internal static string NameOf(string path) => "log file " + path;

    public BoundedStreamWriter Queue { get; }

    /// <summary>
    /// The open file is still the one <paramref name="path"/> names (not removed or replaced since): a respawn or a
    /// reopen keeps it and its queue. Another writer on the same FIFO would mix its writes into this one's (a write
    /// past 4 KiB is not atomic) and, while the reader has stopped, leave its thread waiting in a write for good.
    /// </summary>
    public bool IsStillAt(string path) => IsStillAt(stream.SafeFileHandle, path);

    /// <summary>The open <paramref name="file"/> is the one <paramref name="path"/> names now.</summary>
    internal static bool IsStillAt(SafeFileHandle file, string path)
    {
        try
        {
            return new FileInfo($"/proc/self/fd/{file.DangerousGetHandle()}").LinkTarget == RealPath(System.IO.Path.GetFullPath(path), 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    // The kernel names an open file by its path with every link resolved, so a log reached through a link (to the
    // FIFO, or to a directory on the way) is compared by its real path, or it would be reopened at every spawn.
    private static string RealPath(string full, int depth)
    {
        if (depth > MaxLinks)
            throw new IOException("too many levels of symbolic links");
        var resolved = "/";
        foreach (var part in full.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = System.IO.Path.Join(resolved, part);
            resolved = File.ResolveLinkTarget(next, returnFinalTarget: true) is { } target ? RealPath(target.FullName, depth + 1) : next;
        }
        return resolved;
    }

    // Linux's own limit on the links one lookup follows (ELOOP past it).
    private const int MaxLinks = 40;

    /// <summary>
    /// A respawn or reopen that finds another file at the path, or a clear: the old file goes once its queue is written out, or its reader has stopped for
    /// <see cref="BoundedStreamWriter.ClosePatience"/>, without the caller (the supervisor thread) waiting for either.
    /// </summary>
    public void CloseLater() =>
        ThreadPool.UnsafeQueueUserWorkItem(static self => self.Close(), this, preferLocal: false);

    /// <summary>
    /// The logs' end: waits as a close does. A writer thread still stuck in a write when the patience runs out keeps the
    /// file until that write returns (the stream's handle is counted while in use).
    /// </summary>
    public void Close()
    {
        Queue.Close(BoundedStreamWriter.ClosePatience);
        stream.Dispose();
    }
}
