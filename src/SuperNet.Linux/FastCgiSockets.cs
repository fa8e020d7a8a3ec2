using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// [fcgi-program:x] sockets as supervisord makes them: a blocking, close-on-exec listening socket (children get it
/// as fd 0 through dup2, which clears close-on-exec). tcp:// sets SO_REUSEADDR; unix:// replaces an existing file,
/// then applies socket_owner and socket_mode, and removes the file again if any step fails.
/// </summary>
public sealed unsafe class FastCgiSockets : IFastCgiSocketFactory
{
    private const string UnixScheme = "unix://";
    private const string TcpScheme = "tcp://";

    public SafeHandle Listen(FastCgiOptions options)
    {
        var url = options.Socket;
        var backlog = options.Backlog > 0 ? options.Backlog : Consts.SOMAXCONN;
        return url.StartsWith(UnixScheme, StringComparison.Ordinal)
            ? ListenUnix(url[UnixScheme.Length..], options, backlog)
            : ListenTcp(url[TcpScheme.Length..], backlog);
    }

    private static SafeFileHandle ListenTcp(string hostAndPort, int backlog)
    {
        var colon = hostAndPort.LastIndexOf(':');
        var address = Resolve(hostAndPort[..colon]);
        var port = int.Parse(hostAndPort[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var fd = NewSocket(Consts.AF_INET);
        try
        {
            var one = 1;
            Check(Libc.SetSockOpt(fd, Consts.SOL_SOCKET, Consts.SO_REUSEADDR, &one, sizeof(int)));
            byte* sockaddr = stackalloc byte[Consts.SockAddrInSize];
            new Span<byte>(sockaddr, Consts.SockAddrInSize).Clear();
            *(ushort*)sockaddr = Consts.AF_INET;
            sockaddr[2] = (byte)(port >> 8);
            sockaddr[3] = (byte)port;
            address.GetAddressBytes().CopyTo(new Span<byte>(sockaddr + 4, 4));
            Check(Libc.Bind(fd, sockaddr, Consts.SockAddrInSize));
            Check(Libc.Listen(fd, backlog));
        }
        catch
        {
            Libc.Close(fd);
            throw;
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>Python binds an AF_INET socket to a name through getaddrinfo's first IPv4 address.</summary>
    private static IPAddress Resolve(string host)
    {
        if (host.Length == 0)
        {
            return IPAddress.Any;
        }
        if (IPAddress.TryParse(host, out var literal) && literal.AddressFamily == AddressFamily.InterNetwork)
        {
            return literal;
        }
        try
        {
            return Dns.GetHostAddresses(host, AddressFamily.InterNetwork).FirstOrDefault()
                ?? throw new FastCgiSocketException("[Errno -2] Name or service not known");
        }
        catch (SocketException)
        {
            throw new FastCgiSocketException("[Errno -2] Name or service not known");
        }
    }

    private static SafeFileHandle ListenUnix(string path, FastCgiOptions options, int backlog)
    {
        var name = Encoding.UTF8.GetBytes(path);
        if (name.Length > Consts.SockAddrUnSize - 2)
        {
            throw new FastCgiSocketException("AF_UNIX path too long");
        }
        fixed (byte* file = Utf8Z.Of(path))
        {
            if (File.Exists(path) || Directory.Exists(path))
            {
                Check(Libc.Unlink(file));
            }
            var fd = NewSocket(Consts.AF_UNIX);
            try
            {
                byte* sockaddr = stackalloc byte[Consts.SockAddrUnSize];
                new Span<byte>(sockaddr, Consts.SockAddrUnSize).Clear();
                *(ushort*)sockaddr = Consts.AF_UNIX;
                name.CopyTo(new Span<byte>(sockaddr + 2, name.Length));
                Check(Libc.Bind(fd, sockaddr, (uint)(2 + name.Length)));
                if (options.SocketOwner is { } owner && SocketFile.Chown(path, owner.Uid, owner.Gid) is var chownError and not 0)
                {
                    throw new FastCgiSocketException($"Could not change ownership of socket file: {ErrorText(chownError)}");
                }
                if (SocketFile.Chmod(path, options.SocketMode) is var chmodError and not 0)
                {
                    throw new FastCgiSocketException($"Could not change permissions of socket file: {ErrorText(chmodError)}");
                }
                Check(Libc.Listen(fd, backlog));
            }
            catch
            {
                Libc.Close(fd);
                if (File.Exists(path))
                {
                    Libc.Unlink(file);
                }
                throw;
            }
            return new SafeFileHandle(fd, ownsHandle: true);
        }
    }

    private static int NewSocket(int family)
    {
        var fd = Libc.Socket(family, Consts.SOCK_STREAM | Consts.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            throw new FastCgiSocketException(LastError());
        }
        return fd;
    }

    private static void Check(int result)
    {
        if (result != 0)
        {
            throw new FastCgiSocketException(LastError());
        }
    }

    /// <summary>Python's str(OSError) for the last call's errno: "[Errno 98] Address already in use".</summary>
    private static string LastError() => ErrorText(Marshal.GetLastPInvokeError());

    private static string ErrorText(int errno) => $"[Errno {errno}] {Marshal.PtrToStringUTF8((nint)Libc.StrError(errno))}";
}
