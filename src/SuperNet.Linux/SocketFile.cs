using System.Globalization;
using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// chmod= and chown= of a unix socket file the daemon has just bound, applied to that socket and nothing else.
/// chmod(2) and chown(2) on the path follow a symbolic link, so in a directory others can write (and that is not
/// sticky) the path could be swapped for a link between bind and chmod, turning the daemon's (root's) chmod and
/// chown onto any file; supervisord has that race. Here the path is opened without following a link
/// (O_PATH | O_NOFOLLOW), the descriptor must be a socket, and both changes go through the descriptor (chmod through
/// /proc, so without /proc mounted it falls back to the path).
/// </summary>
public static unsafe class SocketFile
{
    /// <summary>Returns 0 or the errno; ENOTSOCK when the path is not (or no longer) a socket.</summary>
    public static int Chmod(string path, int mode) => WithSocket(path, fd =>
    {
        // chmod through the descriptor's /proc link reaches the inode it holds, never a link's target; fchmod on an
        // O_PATH descriptor is EBADF, and fchmodat2's AT_EMPTY_PATH needs Linux 6.6.
        fixed (byte* link = Utf8Z.Of("/proc/self/fd/" + fd.ToString(CultureInfo.InvariantCulture)))
        {
            if (Libc.Chmod(link, (uint)mode) == 0)
            {
                return 0;
            }
            var errno = Marshal.GetLastPInvokeError();
            if (errno != ErrnoNames.ENOENT)
            {
                return errno;
            }
        }
        // The descriptor is open, so its link is missing only where /proc is not mounted (a bare chroot): there the
        // path itself, as supervisord does, rather than a server that cannot start; the check above that it is a
        // socket narrows the race to this instant, and only without /proc.
        fixed (byte* p = Utf8Z.Of(path))
        {
            return Libc.Chmod(p, (uint)mode) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    });

    /// <summary>Returns 0 or the errno (EPERM when not permitted); -1 keeps the uid or gid as it is.</summary>
    public static int Chown(string path, int uid, int gid) => WithSocket(path, fd =>
    {
        fixed (byte* empty = "\0"u8)
        {
            return Libc.Fchownat(fd, empty, (uint)uid, (uint)gid, Consts.AT_EMPTY_PATH) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    });

    private static int WithSocket(string path, Func<int, int> change)
    {
        int fd;
        fixed (byte* p = Utf8Z.Of(path))
        {
            fd = Libc.Open(p, Consts.O_PATH | Consts.O_NOFOLLOW | Consts.O_CLOEXEC);
        }
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        try
        {
            var type = FileTypes.Of(fd);
            return type < 0 ? -type : type == Consts.S_IFSOCK ? change(fd) : ErrnoNames.ENOTSOCK;
        }
        finally
        {
            Libc.Close(fd);
        }
    }
}
