using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// open(2) with O_NONBLOCK, which returns at once even for a FIFO nobody writes, then statx on that descriptor
/// (not on the path, which could be swapped in between): anything but a regular file is refused before a read.
/// </summary>
public sealed unsafe class RegularFileOpener : IRegularFileOpener
{
    public Stream OpenRead(string path)
    {
        int fd;
        fixed (byte* p = Utf8Z.Of(path))
        {
            fd = Libc.Open(p, Consts.O_RDONLY | Consts.O_NONBLOCK | Consts.O_CLOEXEC);
        }
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw errno switch
            {
                ErrnoNames.ENOENT => new FileNotFoundException(null, path),
                ErrnoNames.EACCES or ErrnoNames.EPERM => new UnauthorizedAccessException(),
                _ => new IOException(Marshal.GetPInvokeErrorMessage(errno)),
            };
        }
        var handle = new SafeFileHandle(fd, ownsHandle: true);
        try
        {
            var type = FileTypes.Of(fd);
            if (type != Consts.S_IFREG)
            {
                throw new IOException(type < 0 ? Marshal.GetPInvokeErrorMessage(-type) : "not a regular file");
            }
            return new FileStream(handle, FileAccess.Read, bufferSize: 0);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
