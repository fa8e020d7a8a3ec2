using Microsoft.Win32.SafeHandles;

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

    private static Func<int, Stream> opener = fd =>
        new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    // One stream per fd for bytes and text alike: the text writers encode into the same stream child output uses.
    private static readonly Lazy<Stream> OutBytes = new(() => opener(1));
    private static readonly Lazy<Stream> ErrBytes = new(() => opener(2));
    private static readonly Lazy<StreamWriter> Out = new(() => Writer(OutBytes.Value));
    private static readonly Lazy<StreamWriter> Err = new(() => Writer(ErrBytes.Value));

    // A second, unbuffered stream over fd 1: its writes are whole write(2) calls that share no managed state
    // with Stdout, which the main log's echo may be using on another thread at the same time.
    private static readonly Lazy<Stream> RawOut = new(() => opener(1));

    public static TextWriter Stdout => Out.Value;
    public static TextWriter Stderr => Err.Value;

    /// <summary>
    /// How fds 1 and 2 are opened: the daemon installs plain write(2) streams (SuperNet.Linux.FdStream)
    /// before its first output. The default FileStream, for hosts without the Linux layer (Core's tests),
    /// pwrites at a position of its own and would overwrite what a shell sharing the file writes after us.
    /// </summary>
    public static void UseOpener(Func<int, Stream> open) => opener = open;

    /// <summary>Bytes to fd 1 as they are (result handlers print there, as supervisord's Python ones do).</summary>
    public static void WriteStdout(ReadOnlySpan<byte> bytes) => RawOut.Value.Write(bytes);

    /// <summary>fd 1 for bytes that are already encoded (child output); unbuffered.</summary>
    public static Stream StdoutBytes => OutBytes.Value;

    /// <summary>fd 2 for bytes that are already encoded (child output); unbuffered.</summary>
    public static Stream StderrBytes => ErrBytes.Value;

    private static StreamWriter Writer(Stream stream) =>
        new(stream, new System.Text.UTF8Encoding(false), BufferChars) { AutoFlush = true };
}
