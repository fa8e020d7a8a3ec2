using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>statx's answer to "what kind of file is this": the S_IFMT bits, or minus the errno.</summary>
internal static unsafe class FileTypes
{
    /// <summary>The open descriptor's type (statx on the descriptor, not on a path that could be swapped).</summary>
    public static int Of(int fd) => Of(fd, out _);

    /// <summary>As <see cref="Of(int)"/>, with the device a character or block special file stands for.</summary>
    public static int Of(int fd, out (uint Major, uint Minor) device)
    {
        fixed (byte* empty = "\0"u8)
            return Stat(fd, empty, Consts.AT_EMPTY_PATH, out device);
    }

    /// <summary>The type of what <paramref name="path"/> names, its links followed.</summary>
    public static int OfPath(string path)
    {
        fixed (byte* name = Utf8Z.Of(path))
            return Stat(Consts.AT_FDCWD, name, 0, out _);
    }

    private static int Stat(int dirFd, byte* path, int flags, out (uint Major, uint Minor) device)
    {
        var buffer = stackalloc byte[Consts.StatxSize];
        if (Libc.Statx(dirFd, path, flags, Consts.STATX_TYPE, buffer) != 0)
        {
            device = default;
            return -Marshal.GetLastPInvokeError();
        }
        device = (*(uint*)(buffer + Consts.StatxRdevOffset), *(uint*)(buffer + Consts.StatxRdevOffset + 4));
        return *(ushort*)(buffer + Consts.StatxModeOffset) & Consts.S_IFMT;
    }
}
