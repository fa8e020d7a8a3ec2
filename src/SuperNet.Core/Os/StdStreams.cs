using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Os;

/// <summary>
/// The daemon's own stdout/stderr as plain streams over fds 1 and 2. System.Console is banned in the
/// daemon: with a terminal on stdin it installs the runtime's SIGCHLD handler (linux-process-notes §1).
/// </summary>
public static class StdStreams
{
    // One stream per fd: a FileStream over a regular file keeps its own offset, so two would overwrite each other.
    private static readonly Lazy<FileStream> OutBytes = new(() => OpenStream(1));
    private static readonly Lazy<FileStream> ErrBytes = new(() => OpenStream(2));
    private static readonly Lazy<StreamWriter> Out = new(() => Writer(OutBytes.Value));
    private static readonly Lazy<StreamWriter> Err = new(() => Writer(ErrBytes.Value));

    // A second, unbuffered stream over fd 1: its writes are whole write(2) calls that share no managed state
    // with Stdout, which the main log's echo may be using on another thread at the same time.
    private static readonly Lazy<FileStream> RawOut = new(() => OpenStream(1));

    public static TextWriter Stdout => Out.Value;
    public static TextWriter Stderr => Err.Value;

    /// <summary>Bytes to fd 1 as they are (result handlers print there, as supervisord's Python ones do).</summary>
    public static void WriteStdout(ReadOnlySpan<byte> bytes) => RawOut.Value.Write(bytes);

    /// <summary>fd 1 for bytes that are already encoded (child output); unbuffered.</summary>
    public static Stream StdoutBytes => OutBytes.Value;

    /// <summary>fd 2 for bytes that are already encoded (child output); unbuffered.</summary>
    public static Stream StderrBytes => ErrBytes.Value;

    private static FileStream OpenStream(int fd) =>
        new(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);

    private static StreamWriter Writer(Stream stream) =>
        new(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = true };
}
