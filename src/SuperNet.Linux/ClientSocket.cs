using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// A blocking client stream socket on plain system calls, for a CLI that lives for milliseconds:
/// System.Net.Sockets starts its epoll engine and thread with the first Socket, a tenth of supernetctl's run.
/// Failures are errno values, so callers report them as Python's OSError does.
/// </summary>
public sealed unsafe class ClientSocket : IDisposable
{
    // socket.h / in.h / tcp.h on x86-64 Linux.
    private const int AF_UNIX = 1, AF_INET = 2, AF_INET6 = 10, SOCK_STREAM = 1, SOCK_CLOEXEC = 0x80000;
    private const int IPPROTO_TCP = 6, TCP_NODELAY = 1, SHUT_RDWR = 2;
    private const int SOL_SOCKET = 1, SO_ERROR = 4;
    private const short POLLOUT = 4;

    /// <summary>sizeof(sockaddr_un.sun_path): Python's limit for "AF_UNIX path too long".</summary>
    public const int MaxUnixPath = 108;

    private readonly Lock gate = new();
    private int fd;

    private ClientSocket(int fd) => this.fd = fd;

    /// <summary>0 and the socket, or the errno that stopped it; a path over <see cref="MaxUnixPath"/> bytes is the caller's to refuse.</summary>
    public static int ConnectUnix(string path, out ClientSocket? socket)
    {
        var encoded = Encoding.UTF8.GetBytes(path);
        var address = new byte[2 + MaxUnixPath];
        BinaryPrimitives.WriteUInt16LittleEndian(address, AF_UNIX);
        encoded.AsSpan(0, Math.Min(encoded.Length, MaxUnixPath)).CopyTo(address.AsSpan(2));
        return Connect(AF_UNIX, address.AsSpan(0, 2 + Math.Min(encoded.Length + 1, MaxUnixPath)), tcp: false, out socket);
    }

    public static int ConnectTcp(IPAddress ip, int port, out ClientSocket? socket)
    {
        Span<byte> address = stackalloc byte[28];
        address.Clear();
        if (ip.AddressFamily == AddressFamily.InterNetworkV6)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(address, AF_INET6);
            BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)port);
            ip.TryWriteBytes(address.Slice(8, 16), out _);
            BinaryPrimitives.WriteUInt32LittleEndian(address[24..], (uint)ip.ScopeId);
            return Connect(AF_INET6, address, tcp: true, out socket);
        }

        BinaryPrimitives.WriteUInt16LittleEndian(address, AF_INET);
        BinaryPrimitives.WriteUInt16BigEndian(address[2..], (ushort)port);
        ip.TryWriteBytes(address.Slice(4, 4), out _);
        return Connect(AF_INET, address[..16], tcp: true, out socket);
    }

    private static int Connect(int family, ReadOnlySpan<byte> address, bool tcp, out ClientSocket? socket)
    {
        socket = null;
        var fd = Libc.Socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        if (tcp)
        {
            var one = 1;
            Libc.SetSockOpt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(int));
        }

        fixed (byte* p = address)
        {
            if (Libc.Connect(fd, p, (uint)address.Length) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ErrnoNames.EINTR)
                {
                    // An interrupted connect goes on in the background (connect(2)): wait until the socket is
                    // writable, then SO_ERROR says how it ended. Calling connect again would spin on EALREADY.
                    errno = AwaitConnect(fd);
                }

                if (errno != 0)
                {
                    Libc.Close(fd);
                    return errno;
                }
            }
        }

        socket = new ClientSocket(fd);
        return 0;
    }

    private static int AwaitConnect(int fd)
    {
        var pending = new PollFd { Fd = fd, Events = POLLOUT };
        while (Libc.Poll(&pending, 1, -1) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != ErrnoNames.EINTR)
            {
                return errno;
            }
        }

        int error = 0;
        uint length = sizeof(int);
        return Libc.GetSockOpt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0 ? Marshal.GetLastPInvokeError() : error;
    }

    /// <summary>Sends everything; 0 or the errno that stopped it (EPIPE, not SIGPIPE, when the server left).</summary>
    public int Send(ReadOnlySpan<byte> bytes) => SocketCalls.Send(fd, bytes, out _);

    /// <summary>Bytes received (0 at the end of the stream), or minus the errno.</summary>
    public int Receive(Span<byte> buffer) => SocketCalls.Receive(fd, buffer);

    /// <summary>Wakes a Receive blocked on another thread (it sees the end of the stream); the fd stays open until Dispose.</summary>
    public void Shutdown()
    {
        lock (gate)
        {
            if (fd >= 0)
            {
                Libc.Shutdown(fd, SHUT_RDWR);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (fd >= 0)
            {
                Libc.Close(fd);
                fd = -1;
            }
        }
    }

    /// <summary>glibc's text for an errno, as Python's OSError shows it.</summary>
    public static string Describe(int errno) => Marshal.PtrToStringUTF8((nint)Libc.StrError(errno)) ?? "Unknown error " + errno;
}
