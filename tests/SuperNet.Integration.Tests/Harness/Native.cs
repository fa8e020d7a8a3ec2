using System.Runtime.InteropServices;

namespace SuperNet.Integration.Tests.Harness;

internal static partial class Native
{
    [LibraryImport("libc", SetLastError = true)]
    internal static partial int kill(int pid, int sig);
}
