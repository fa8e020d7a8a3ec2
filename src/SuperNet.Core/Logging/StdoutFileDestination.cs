using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// A <c>logfile</c> that is the daemon's own stdout (<c>/dev/stdout</c>, <c>/dev/fd/1</c>, <c>/proc/self/fd/1</c>)
/// while the nodaemon echo goes there too. supervisord writes each line to its stdout handler and then to the file
/// handler, both at once, so the two copies of a line always come out side by side. The echo here is queued (behind
/// child output); a direct write of the file copy would overtake it, and the copies of neighbouring lines would
/// interleave. So while the path still is the daemon's stdout, the echo queues both copies as one block
/// (<see cref="WrittenByEcho"/>) and this destination writes nothing; once a clear has replaced /dev/stdout with a
/// regular file (as supervisord's clear does), lines go to that file again.
/// </summary>
internal sealed class StdoutFileDestination : IMainLogDestination
{
    private readonly FileDestination file;

    public StdoutFileDestination(FileDestination file)
    {
        this.file = file;
        WrittenByEcho = IsDaemonStdout(file.File.Path);
    }

    public bool WrittenByEcho { get; private set; }

    public static bool NamesDaemonStdout(string path) =>
        path.StartsWith('/') && ExtensionOptions.StreamOf(path) == DaemonStream.Stdout;

    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        if (!WrittenByEcho)
            file.Write(localTime, level, message);
    }

    public void Reopen()
    {
        file.Reopen();
        WrittenByEcho = IsDaemonStdout(file.File.Path);
    }

    public void Dispose() => file.Dispose();

    // /dev/fd/1 and /proc/self/fd/1 cannot be deleted; /dev/stdout stays the stdout while it is still a link.
    private static bool IsDaemonStdout(string path) =>
        path != "/dev/stdout" || new FileInfo(path).LinkTarget is not null;
}
