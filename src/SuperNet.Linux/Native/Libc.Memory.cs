using System.Runtime.InteropServices;

namespace SuperNet.Linux.Native;

internal static unsafe partial class Libc
{
    internal const int MADV_RANDOM = 1;
    internal const int MADV_PAGEOUT = 21;

    [LibraryImport(Lib, EntryPoint = "madvise", SetLastError = true)]
    internal static partial int Madvise(nint address, nuint length, int advice);
}
