using System.Runtime.InteropServices;

namespace SuperNet.Linux.Native;

/// <summary>glibc's name resolution, which supervisorctl's Python reaches through socket.getaddrinfo.</summary>
internal static unsafe partial class Libc
{
    [StructLayout(LayoutKind.Sequential)]
    internal struct AddrInfo
    {
        public int Flags;
        public int Family;
        public int SockType;
        public int Protocol;
        public uint AddrLen;
        public byte* Addr;
        public byte* CanonName;
        public AddrInfo* Next;
    }

    [LibraryImport(Lib, EntryPoint = "getaddrinfo", SetLastError = true)]
    internal static partial int GetAddrInfo(byte* node, byte* service, AddrInfo* hints, AddrInfo** result);

    [LibraryImport(Lib, EntryPoint = "freeaddrinfo")]
    internal static partial void FreeAddrInfo(AddrInfo* list);

    [LibraryImport(Lib, EntryPoint = "gai_strerror")]
    internal static partial byte* GaiStrError(int code);
}
