using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>Opens a log path that names a FIFO without waiting: opening a FIFO for writing alone waits for a reader.</summary>
public static unsafe class FifoPath
{
    private const int ENXIO = 6;

    /// <summary>True when <paramref name="path"/> (its links followed) is a FIFO; false when it is anything else or absent.</summary>
    public static bool Is(string path)
        => FileTypes.OfPath(path) == Consts.S_IFIFO;

    /// <summary>
    /// Null when <paramref name="path"/> is not a FIFO. Otherwise opens it for reading and writing, which never waits and
    /// lets what is written wait in the FIFO for a reader to come; a FIFO we may write but not read is opened for writing
    /// alone and non-blocking, so a missing reader is <see cref="FifoWithoutReaderException"/> at once, and the handle
    /// is then made blocking again: its queue's thread waits in a write for a slow reader, as with the read-write open.
    /// </summary>
    public static SafeFileHandle? OpenForWriting(string path)
    {
        if (!Is(path))
            return null;
        var fd = Open(path, Consts.O_RDWR);
        var errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
        if (errno is ErrnoNames.EACCES or ErrnoNames.EPERM)
        {
            fd = Open(path, Consts.O_WRONLY | Consts.O_NONBLOCK);
            errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (fd >= 0 && Libc.Fcntl(fd, Consts.F_SETFL, 0) < 0)
            {
                errno = Marshal.GetLastPInvokeError();
                Libc.Close(fd);
                fd = -1;
            }
        }
        if (fd >= 0)
            return new SafeFileHandle(fd, ownsHandle: true);
        throw errno switch
        {
            ENXIO => new FifoWithoutReaderException(path),
            ErrnoNames.ENOENT => new FileNotFoundException(null, path),
            ErrnoNames.EACCES or ErrnoNames.EPERM => new UnauthorizedAccessException($"Access to the path '{path}' is denied."),
            _ => new IOException($"{path}: {Marshal.GetPInvokeErrorMessage(errno)}"),
        };
    }

    private static int Open(string path, int flags)
    {
        fixed (byte* p = Utf8Z.Of(path))
            return Libc.Open(p, flags | Consts.O_CLOEXEC);
    }
}
