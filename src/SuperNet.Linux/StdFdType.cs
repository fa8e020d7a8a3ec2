using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>What kind of file one of the daemon's own fds is open on.</summary>
public static class StdFdType
{
    /// <summary>
    /// True when <paramref name="fd"/> is a regular file: writes there return (or fail with ENOSPC) and never wait for
    /// a reader, which a pipe, socket or terminal can. An fd that cannot be examined (closed) counts as not regular.
    /// </summary>
    public static bool IsRegularFile(int fd)
        => FileTypes.Of(fd) == Consts.S_IFREG;
}
