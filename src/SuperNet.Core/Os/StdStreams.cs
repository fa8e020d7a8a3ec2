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

    public static TextWriter Stdout => Out.Value;
    public static TextWriter Stderr => Err.Value;

    private static StreamWriter Open(int fd)
    {
        var stream = new FileStream(new SafeFileHandle(fd, ownsHandle: false), FileAccess.Write, bufferSize: 0);
        return new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { AutoFlush = true };
    }
}
