using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Os;

/// <summary>
/// The daemon's own stdout/stderr as plain streams over fds 1 and 2. System.Console is banned in the
/// daemon: with a terminal on stdin it installs the runtime's SIGCHLD handler (linux-process-notes §1).
/// </summary>
public static class StdStreams
{
    private static readonly Lazy<StreamWriter> Out = new(() => Open(1));
    private static readonly Lazy<StreamWriter> Err = new(() => Open(2));

    // A second, unbuffered stream over fd 1: its writes are whole write(2) calls that share no managed state
    // with Stdout, which the main log's echo may be using on another thread at the same time.
    private static readonly Lazy<FileStream> RawOut = new(() => new FileStream(new SafeFileHandle(1, ownsHandle: false), FileAccess.Write, bufferSize: 0));

    public static TextWriter Stdout => Out.Value;
    public static TextWriter Stderr => Err.Value;

    /// <summary>Bytes to fd 1 as they are (result handlers print there, as supervisord's Python ones do).</summary>
    public static void WriteStdout(ReadOnlySpan<byte> bytes) => RawOut.Value.Write(bytes);

    private static StreamWriter Open(int fd)
    {
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = true };
    }
}
