using System.Buffers.Binary;
using System.Net;
using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// A host name looked up as Python's socket.create_connection looks it up: glibc's getaddrinfo with no family,
/// stream sockets and no flags, the port as decimal text. So an IPv6 zone, an IPv4 short form, /etc/hosts and the
/// order of the addresses are glibc's, as they are for supervisorctl.
/// </summary>
public static unsafe class HostLookup
{
    private const int AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, EAI_SYSTEM = -11;

    /// <summary>The addresses, in getaddrinfo's order.</summary>
    /// <returns>0, a negative getaddrinfo code (<see cref="Describe"/> words it), or a positive errno for EAI_SYSTEM.</returns>
    public static int Resolve(ReadOnlySpan<byte> host, int port, out List<IPAddress> addresses) =>
        Resolve(host, port.ToString(System.Globalization.CultureInfo.InvariantCulture), 0, SOCK_STREAM, out addresses);

    /// <summary>
    /// An IPv4 address for a host name as Python's socket.connect finds one for an AF_INET socket: getaddrinfo
    /// with that family alone, no service and no socket type, the first answer taken.
    /// </summary>
    public static int ResolveIpv4(ReadOnlySpan<byte> host, out IPAddress? address)
    {
        var code = Resolve(host, null, AF_INET, 0, out var addresses);
        address = addresses.Count > 0 ? addresses[0] : null;
        return code;
    }

    private static int Resolve(ReadOnlySpan<byte> host, string? port, int family, int socketType, out List<IPAddress> addresses)
    {
        addresses = [];
        // A host name comes from a command line or a config file: on the stack only while it is a plausible one.
        Span<byte> node = host.Length < 1024 ? stackalloc byte[host.Length + 1] : new byte[host.Length + 1];
        host.CopyTo(node);
        node[^1] = 0;
        var service = port is null ? null : System.Text.Encoding.ASCII.GetBytes(port + "\0");
        var hints = new Libc.AddrInfo { Family = family, SockType = socketType };
        Libc.AddrInfo* list = null;
        int code;
        fixed (byte* n = node, s = service)
        {
            code = Libc.GetAddrInfo(n, s, &hints, &list);
        }
        if (code != 0)
        {
            return code == EAI_SYSTEM ? Marshal.GetLastPInvokeError() : code;
        }
        try
        {
            for (var entry = list; entry != null; entry = entry->Next)
            {
                var address = new ReadOnlySpan<byte>(entry->Addr, (int)entry->AddrLen);
                if (entry->Family == AF_INET6 && address.Length >= 28)
                {
                    addresses.Add(new IPAddress(address.Slice(8, 16), BinaryPrimitives.ReadUInt32LittleEndian(address[24..])));
                }
                else if (entry->Family == AF_INET && address.Length >= 8)
                {
                    addresses.Add(new IPAddress(address.Slice(4, 4)));
                }
            }
        }
        finally
        {
            Libc.FreeAddrInfo(list);
        }
        return 0;
    }

    /// <summary>gai_strerror's text for a negative code, as Python's socket.gaierror carries it.</summary>
    public static string Describe(int code) => Marshal.PtrToStringUTF8((nint)Libc.GaiStrError(code)) ?? "Unknown error";
}
