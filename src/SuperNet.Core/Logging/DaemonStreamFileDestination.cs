using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// A <c>logfile</c> that is one of the daemon's own streams (<c>/dev/stdout</c>, <c>/dev/fd/1</c>,
/// <c>/proc/self/fd/1</c>, <c>/proc/1/fd/1</c> as PID 1, or the same for stderr: <see cref="DaemonStreamPaths.Of"/>),
/// in the two cases where a direct write of the file copy would go wrong, while the path still is that stream:
/// <list type="bullet">
/// <item>The nodaemon echo goes to the same stdout. supervisord writes each line to its stdout handler and then to
/// the file handler, both at once, so the two copies of a line always come out side by side. The echo here is
/// queued (behind child output); a direct write of the file copy would overtake it, and the copies of neighbouring
/// lines would interleave. So the echo queues both copies as one block (<see cref="WrittenByEcho"/>) and this
/// destination writes nothing.</item>
/// <item>Otherwise, the stream may block (a pipe, socket or terminal, which a consumer that stops reading fills;
/// <c>silent=true</c>, or <c>/dev/stderr</c>). A direct write would then hold up the thread that logs, the supervisor's,
/// and with it every program and every request. The line is queued on that stream's writer instead, the one the
/// programs logging there share, so it is never cut into their lines and keeps its place among them; a line that
/// does not fit is dropped and counted as the echo's are. A regular file is written directly, as supervisord does:
/// it answers a full disk with ENOSPC and never waits.</item>
/// </list>
/// Once a clear has replaced /dev/stdout (or /dev/stderr) with a regular file (as supervisord's clear does), lines
/// go to that file.
/// </summary>
internal sealed class DaemonStreamFileDestination : IMainLogDestination
{
    private readonly FileDestination file;
    private readonly BoundedStreamWriter writer;
    private readonly bool echoed;
    private readonly DropCounter drops = new("supervisord");
    private bool isStream;

    /// <param name="writer">The queue of the daemon stream the path names.</param>
    /// <param name="echoed">The nodaemon echo goes to this same stream and queues the file copy with its own.</param>
    public DaemonStreamFileDestination(FileDestination file, BoundedStreamWriter writer, bool echoed)
    {
        this.file = file;
        this.writer = writer;
        this.echoed = echoed;
        isStream = IsDaemonStream(file.File.Path);
    }

    public bool WrittenByEcho => isStream && echoed;

    /// <summary>The daemon stream an absolute <c>logfile</c> path names, or None.</summary>
    public static DaemonStream StreamNamed(string path, Func<string, int, bool>? opensOwnFd) =>
        path.StartsWith('/') ? DaemonStreamPaths.Of(path, opensOwnFd) : DaemonStream.None;

    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        if (!isStream)
            file.Write(localTime, level, message);
        else if (!echoed)
            writer.Append(Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, level, message)), drops, pausable: false);
    }

    public void Reopen()
    {
        file.Reopen();
        isStream = IsDaemonStream(file.File.Path);
    }

    public void Dispose() => file.Dispose();

    // /dev/fd/N and /proc/PID/fd/N cannot be deleted; /dev/stdout and /dev/stderr stay the streams while they are links.
    private static bool IsDaemonStream(string path) =>
        path is not ("/dev/stdout" or "/dev/stderr") || new FileInfo(path).LinkTarget is not null;
}
