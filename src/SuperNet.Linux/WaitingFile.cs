using Microsoft.Win32.SafeHandles;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>What kind of file an open log file is, judged by fstat and not by its name.</summary>
public static class WaitingFile
{
    // /dev/null takes every write at once; other character devices (terminals, consoles, serial lines) may not.
    private const uint NullMajor = 1;
    private const uint NullMinor = 3;

    /// <summary>
    /// True when a write to <paramref name="file"/> can wait for a reader: a FIFO, a socket, or a character device
    /// other than /dev/null (a terminal that is stopped, a console). A regular file answers a full disk with ENOSPC
    /// instead. A handle that cannot be examined counts as one that waits: the queue it then gets costs nothing.
    /// </summary>
    public static bool MayBlock(SafeFileHandle file)
    {
        var added = false;
        file.DangerousAddRef(ref added);
        try
        {
            return FileTypes.Of((int)file.DangerousGetHandle(), out var device) switch
            {
                < 0 or Consts.S_IFIFO or Consts.S_IFSOCK => true,
                Consts.S_IFCHR => device != (NullMajor, NullMinor),
                _ => false,
            };
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }
}
