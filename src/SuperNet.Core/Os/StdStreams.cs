namespace SuperNet.Core.Os;

/// <summary>
/// The daemon's own stdout/stderr as writers over fds 1 and 2. System.Console is banned in the daemon:
/// with a terminal on stdin it installs the runtime's SIGCHLD handler (linux-process-notes §1).
/// </summary>
public static class StdStreams
{
    // One write(2) per line or per help text as long as it fits: lines from several writers sharing the
    // fd stay whole, and `supernetd -h | head -1` sees the text in one piece as supervisord's readers do.
    private const int BufferChars = 16 * 1024;

    private static Func<int, Stream> opener = _ =>
        throw new InvalidOperationException("StdStreams.UseOpener was not called");
    private static readonly Lazy<StreamWriter> Out = new(() => Open(1));
    private static readonly Lazy<StreamWriter> Err = new(() => Open(2));

    public static TextWriter Stdout => Out.Value;
    public static TextWriter Stderr => Err.Value;

    /// <summary>
    /// How fds 1 and 2 are opened: the daemon installs plain write(2) streams (SuperNet.Linux.FdStream)
    /// before its first output. There is no default because FileStream would pwrite(2) at a position of
    /// its own and overwrite what the shell sharing the file writes after us.
    /// </summary>
    public static void UseOpener(Func<int, Stream> open) => opener = open;

    private static StreamWriter Open(int fd) =>
        new(opener(fd), new System.Text.UTF8Encoding(false), BufferChars) { AutoFlush = true };
}
