using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;

namespace SuperNet.Linux.Native;

/// <summary>
/// The three pipes of one child. All ends are O_CLOEXEC and at fd 3 or above (so the dup2 onto
/// 0/1/2 can never clobber another end); the parent's read ends are non-blocking for the pump.
/// </summary>
internal sealed unsafe class PipeSet
{
    // [read, write] per pipe; -1 when absent or already handed over.
    private readonly int[] _stdin = [-1, -1];
    private readonly int[] _stdout = [-1, -1];
    private readonly int[] _stderr = [-1, -1];
    private readonly int[] _notify = [-1, -1];

    public int ChildStdin => _stdin[0];
    public int ChildStdout => _stdout[1];
    public int ChildStderr => _stderr[1] >= 0 ? _stderr[1] : _stdout[1];
    /// <summary>The write end of the readiness pipe (ready=fd:N), or -1.</summary>
    public int ChildNotify => _notify[1];

    /// <summary>Returns 0, or the errno of the failing pipe2/fcntl (everything created is closed).</summary>
    public static int TryCreate(bool redirectStderr, int pipeSize, out PipeSet? pipes, int? notifyFd = null)
    {
        var set = new PipeSet();
        var errno = Open(set._stdin, pipeSize: 0);
        if (errno == 0)
        {
            errno = Open(set._stdout, pipeSize);
        }
        if (errno == 0 && !redirectStderr)
        {
            errno = Open(set._stderr, pipeSize);
        }
        if (errno == 0 && notifyFd is { } kept)
        {
            errno = Open(set._notify, pipeSize: 0, above: kept);
        }
        if (errno == 0 && notifyFd is not null)
        {
            errno = SetNonBlocking(set._notify[0]);
        }
        if (errno == 0)
        {
            errno = SetNonBlocking(set._stdout[0]);
        }
        if (errno == 0 && !redirectStderr)
        {
            errno = SetNonBlocking(set._stderr[0]);
        }
        if (errno != 0)
        {
            set.CloseAll();
            pipes = null;
            return errno;
        }
        pipes = set;
        return 0;
    }

    /// <param name="above">Ends at or below this fd are moved above it (fd:N must not be a pipe end itself).</param>
    private static int Open(int[] target, int pipeSize, int above = 2)
    {
        int* fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Consts.O_CLOEXEC) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        target[0] = fds[0];
        target[1] = fds[1];
        for (var i = 0; i < 2; i++)
        {
            if (target[i] <= above)
            {
                var moved = Libc.Fcntl(target[i], Consts.F_DUPFD_CLOEXEC, above + 1);
                var errno = moved < 0 ? Marshal.GetLastPInvokeError() : 0;
                Libc.Close(target[i]);
                target[i] = moved;
                if (moved < 0)
                {
                    return errno;
                }
            }
        }
        if (pipeSize > 0)
        {
            // Best effort: a larger pipe only saves wake-ups; the limit may be lower for non-root.
            Libc.Fcntl(target[0], Consts.F_SETPIPE_SZ, pipeSize);
        }
        return 0;
    }

    /// <summary>A fresh read end's only status flag is O_RDONLY (F_SETFL ignores the access mode), so no F_GETFL first.</summary>
    private static int SetNonBlocking(int fd) =>
        Libc.Fcntl(fd, Consts.F_SETFL, Consts.O_NONBLOCK) < 0 ? Marshal.GetLastPInvokeError() : 0;

    /// <summary>After a successful spawn: closes the child's ends and hands the parent's ends over.</summary>
    public ChildPipes TakeParentEnds()
    {
        CloseEnd(_stdin, 0);
        CloseEnd(_stdout, 1);
        CloseEnd(_stderr, 1);
        CloseEnd(_notify, 1);
        var result = new ChildPipes(
            new SafeFileHandle(_stdin[1], ownsHandle: true),
            new SafeFileHandle(_stdout[0], ownsHandle: true),
            _stderr[0] >= 0 ? new SafeFileHandle(_stderr[0], ownsHandle: true) : null)
        {
            Notify = _notify[0] >= 0 ? new SafeFileHandle(_notify[0], ownsHandle: true) : null,
        };
        _stdin[1] = _stdout[0] = _stderr[0] = _notify[0] = -1;
        return result;
    }

    public void CloseAll()
    {
        foreach (var pipe in new[] { _stdin, _stdout, _stderr, _notify })
        {
            CloseEnd(pipe, 0);
            CloseEnd(pipe, 1);
        }
    }

    private static void CloseEnd(int[] pipe, int index)
    {
        if (pipe[index] >= 0)
        {
            Libc.Close(pipe[index]);
            pipe[index] = -1;
        }
    }
}
