using System.Globalization;

namespace SuperNet.Core.Config;

/// <summary>Which of the daemon's own streams (fd 1 or 2) a log path names, if any.</summary>
public static class DaemonStreamPaths
{
    /// <summary>
    /// "stdout"/"stderr", the /dev idioms (<c>/dev/stdout</c>, <c>/dev/fd/1</c>, <c>/proc/self/fd/1</c>), and
    /// <c>/proc/PID/fd/1</c> (or 2) with the daemon's own pid: as PID 1, <c>/proc/1/fd/1</c>. Another process's
    /// <c>/proc/PID/fd/N</c> (PID 1 under an init such as tini) names the daemon's stream only when
    /// <paramref name="opensOwnFd"/> finds it the same pipe, socket or character device: writes through the daemon's
    /// fd then land exactly where a separate open of the path would, while a regular file keeps the file position a
    /// separate open gives it.
    /// </summary>
    /// <param name="opensOwnFd">Whether a path opens the same pipe, socket or character device as the daemon's fd N;
    /// null: only the names above count.</param>
    public static DaemonStream Of(string value, Func<string, int, bool>? opensOwnFd = null)
    {
        switch (value)
        {
            case "stdout" or "/dev/stdout" or "/dev/fd/1" or "/proc/self/fd/1":
                return DaemonStream.Stdout;
            case "stderr" or "/dev/stderr" or "/dev/fd/2" or "/proc/self/fd/2":
                return DaemonStream.Stderr;
        }
        if (ProcFd(value) is not var (pid, fd))
            return DaemonStream.None;
        if (pid == Environment.ProcessId)
            return Stream(fd);
        if (opensOwnFd is null)
            return DaemonStream.None;
        // tini hands its own fds down, so its fd 1 is normally supernetd's; the other fd is asked too for a
        // daemon started with its streams swapped or joined (`2>&1`).
        return opensOwnFd(value, fd) ? Stream(fd) : opensOwnFd(value, 3 - fd) ? Stream(3 - fd) : DaemonStream.None;
    }

    private static DaemonStream Stream(int fd) => fd == 1 ? DaemonStream.Stdout : DaemonStream.Stderr;

    // /proc/PID/fd/1 or /proc/PID/fd/2, PID as /proc spells it (no sign, no leading zero).
    private static (int Pid, int Fd)? ProcFd(string value)
    {
        const string Head = "/proc/";
        if (!value.StartsWith(Head, StringComparison.Ordinal) || value.Length < Head.Length + "0/fd/1".Length)
            return null;
        var tail = value[^5..];
        if (tail is not ("/fd/1" or "/fd/2"))
            return null;
        var digits = value.AsSpan(Head.Length, value.Length - Head.Length - tail.Length);
        if (digits.StartsWith('0') ||
            !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            return null;
        return (pid, tail[^1] - '0');
    }
}
