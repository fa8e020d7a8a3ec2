using System.Text;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>Whether a path names a FIFO, asked before opening it: opening a FIFO for writing waits for a reader.</summary>
public static unsafe class FifoPath
{
    /// <summary>True when <paramref name="path"/> (its links followed) is a FIFO; false when it is anything else or absent.</summary>
    public static bool Is(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        var buffer = stackalloc byte[Consts.StatxSize];
        fixed (byte* name = bytes)
        {
            if (Libc.Statx(Consts.AT_FDCWD, name, 0, Consts.STATX_TYPE, buffer) != 0)
                return false;
        }
        return (*(ushort*)(buffer + Consts.StatxModeOffset) & Consts.S_IFMT) == Consts.S_IFIFO;
    }
}
