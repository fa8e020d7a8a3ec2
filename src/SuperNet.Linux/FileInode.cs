using Microsoft.Win32.SafeHandles;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Inode numbers, as os.stat()/os.fstat() st_ino: what tells a log a reader holds open from the file now at its
/// path (rotated away, or removed and made again), the test supervisord's tail -f follows logs by.
/// </summary>
public static unsafe class FileInode
{
    /// <summary>The inode at <paramref name="path"/> (symlinks followed); null when there is none to stat.</summary>
    public static ulong? OfPath(string path)
    {
        fixed (byte* p = Utf8Z.Of(path))
        {
            return Query(Consts.AT_FDCWD, p, 0);
        }
    }

    /// <summary>The inode of an open file; null if the descriptor cannot be stat'ed.</summary>
    public static ulong? Of(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            fixed (byte* empty = "\0"u8)
            {
                return Query((int)handle.DangerousGetHandle(), empty, Consts.AT_EMPTY_PATH);
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>
    /// True when two descriptors are open on the same file (device and inode), as fd 1 and 2 are after `2>&amp;1` or on
    /// one terminal; false when either cannot be examined.
    /// </summary>
    public static bool SameFile(int fdA, int fdB)
    {
        var a = Identity(fdA);
        return a is not null && a == Identity(fdB);
    }

    /// <summary>
    /// True when <paramref name="path"/> (its links followed, as <c>/proc/PID/fd/N</c> is) is the pipe, socket or
    /// character device <paramref name="fd"/> is open on (device and inode); false for any other file, or one that
    /// cannot be examined (another user's process).
    /// </summary>
    public static bool IsStreamOf(string path, int fd)
    {
        fixed (byte* p = Utf8Z.Of(path))
        {
            return Stat(Consts.AT_FDCWD, p, 0) is { } file
                && file.Type is Consts.S_IFIFO or Consts.S_IFSOCK or Consts.S_IFCHR
                && Identity(fd) == (file.Dev, file.Ino);
        }
    }

    private static (ulong Dev, ulong Ino)? Identity(int fd)
    {
        fixed (byte* empty = "\0"u8)
        {
            return Stat(fd, empty, Consts.AT_EMPTY_PATH) is { } file ? (file.Dev, file.Ino) : null;
        }
    }

    private static ulong? Query(int dirFd, byte* path, int flags) => Stat(dirFd, path, flags)?.Ino;

    private static (int Type, ulong Dev, ulong Ino)? Stat(int dirFd, byte* path, int flags)
    {
        var buffer = stackalloc byte[Consts.StatxSize];
        if (Libc.Statx(dirFd, path, flags, Consts.STATX_TYPE | Consts.STATX_INO, buffer) != 0)
        {
            return null;
        }
        return (*(ushort*)(buffer + Consts.StatxModeOffset) & Consts.S_IFMT,
            *(ulong*)(buffer + Consts.StatxDevOffset), *(ulong*)(buffer + Consts.StatxInoOffset));
    }
}
