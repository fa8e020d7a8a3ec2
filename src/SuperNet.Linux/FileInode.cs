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

    private static ulong? Query(int dirFd, byte* path, int flags)
    {
        var buffer = stackalloc byte[Consts.StatxSize];
        if (Libc.Statx(dirFd, path, flags, Consts.STATX_INO, buffer) != 0)
        {
            return null;
        }
        return *(ulong*)(buffer + Consts.StatxInoOffset);
    }
}
