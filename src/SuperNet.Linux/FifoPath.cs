using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>Whether a path names a FIFO, asked before opening it: opening a FIFO for writing waits for a reader.</summary>
public static class FifoPath
{
    /// <summary>True when <paramref name="path"/> (its links followed) is a FIFO; false when it is anything else or absent.</summary>
    public static bool Is(string path)
        => FileTypes.OfPath(path) == Consts.S_IFIFO;
}
