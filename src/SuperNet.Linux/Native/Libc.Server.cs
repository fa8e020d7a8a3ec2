using System.Runtime.InteropServices;

namespace SuperNet.Linux.Native;

/// <summary>The server side of stream sockets (the control server's own epoll transport).</summary>
internal static unsafe partial class Libc
{
    [LibraryImport(Lib, EntryPoint = "accept4", SetLastError = true)]
    internal static partial int Accept4(int fd, byte* address, uint* length, int flags);
}
