using System.Net;
using System.Net.Sockets;
using SuperNet.Core.Config;

namespace SuperNet.Rpc.Http;

/// <summary>
/// Creates bound, not yet listening sockets: supervisord's live/stale socket check, chmod and chown happen
/// before listen(), so before any client can connect (contract §1.1, trap 25).
/// </summary>
internal sealed class ListenSockets(ControlServerOptions options)
{
    private const int SunPathSize = 108;

    public Socket Bind(ServerConfig server) => server switch
    {
        UnixHttpServerConfig unix => BindUnix(unix),
        InetHttpServerConfig inet => BindInet(InetEndpoint(inet)),
        _ => throw new ArgumentException($"unknown server section {server.Section}", nameof(server)),
    };

    private Socket BindUnix(UnixHttpServerConfig config)
    {
        var path = config.File;
        // .NET's endpoint wants room for a NUL (107 bytes at most) and would throw its own wording; supervisord's
        // limit is lower still, as it binds PATH.PID first.
        if (System.Text.Encoding.UTF8.GetByteCount(path) >= SunPathSize)
        {
            throw new ControlServerStartException("Cannot open an HTTP server: socket.error reported AF_UNIX path too long");
        }
        // supervisord unlinks a directory as a stale socket, fails and tries again for ever: say what is wrong instead.
        if (Directory.Exists(path))
        {
            throw new ControlServerStartException(
                $"Cannot open an HTTP server: [{config.Section}] file={path} is a directory, not a socket ({Core.Processes.Errno.Describe(Core.Processes.Errno.EISDIR)})");
        }
        if (File.Exists(path))
        {
            if (IsLive(path))
            {
                throw new ControlServerStartException(ControlServerStartException.AlreadyListening);
            }
            options.StaleSocketNotice?.Write($"Unlinking stale socket {path}\n");
            File.Delete(path);
        }
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        // .NET reports a missing directory as EADDRNOTAVAIL and a file on the way as a generic code; supervisord
        // shows the real errno (ENOENT, ENOTDIR), which a bind of our own learns.
        if (!Directory.Exists(Path.GetDirectoryName(path)) && Linux.UnixSocketErrno.OfBind(socket.SafeHandle, path) is var missing and not 0)
        {
            socket.Dispose();
            throw new ControlServerStartException(OpenError(Linux.ErrnoNames.Name(missing), missing));
        }
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException e)
        {
            var errno = e.SocketErrorCode == SocketError.SocketError ? Linux.UnixSocketErrno.OfBind(socket.SafeHandle, path) : 0;
            socket.Dispose();
            throw errno != 0 ? new ControlServerStartException(OpenError(Linux.ErrnoNames.Name(errno), errno)) : Translate(e);
        }
        // supervisord hands any octal value (chmod=-1, chmod=10755) to chmod(2), which keeps only these bits.
        if (Linux.SocketFile.Chmod(path, config.Chmod & 0xFFF) is var chmodError and not 0)
        {
            socket.Dispose();
            throw new ControlServerStartException(OpenError(Linux.ErrnoNames.Name(chmodError), chmodError));
        }
        if ((config.ChownUid != -1 || config.ChownGid != -1) && options.SocketOwner is { } owner
            && !owner.TryChown(path, config.ChownUid, config.ChownGid))
        {
            socket.Dispose();
            File.Delete(path);
            throw new ControlServerStartException(
                $"Not permitted to chown {path} to uid/gid ({config.ChownUid}, {config.ChownGid}); adjust \"sockchown\" value in " +
                $"config file or on command line to values that the current user ({Environment.UserName}) can successfully chown");
        }
        return socket;
    }

    private static Socket BindInet(EndPoint endpoint)
    {
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            socket.Bind(endpoint);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw Translate(e);
        }
    }

    /// <summary>supervisord's probe: a socket is in use if a request to it gets at least one byte back.</summary>
    private static bool IsLive(string path)
    {
        try
        {
            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            probe.ReceiveTimeout = 2000;
            probe.SendTimeout = 2000;
            probe.Connect(new UnixDomainSocketEndPoint(path));
            probe.Send("GET / HTTP/1.0\r\n\r\n"u8);
            return probe.Receive(new byte[1]) == 1;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static ControlServerStartException Translate(SocketException e) => e.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => new(ControlServerStartException.AlreadyListening),
        SocketError.AccessDenied => new(OpenError("EACCES", 13)),
        SocketError.AddressNotAvailable => new(OpenError("EADDRNOTAVAIL", 99)),
        _ => new(OpenError(e.SocketErrorCode.ToString(), e.NativeErrorCode)),
    };

    private static string OpenError(string errno, int number) =>
        $"Cannot open an HTTP server: socket.error reported errno.{errno} ({number})";

    /// <summary>The TCP endpoint of an [inet_http_server]: an empty host binds every IPv4 interface.</summary>
    public static IPEndPoint InetEndpoint(InetHttpServerConfig config)
    {
        if (config.Host.Length == 0 || config.Host == "*")
        {
            return new IPEndPoint(IPAddress.Any, config.Port);
        }
        if (IPAddress.TryParse(config.Host, out var address))
        {
            return new IPEndPoint(address, config.Port);
        }
        try
        {
            var resolved = Dns.GetHostAddresses(config.Host);
            var v4 = resolved.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? resolved.FirstOrDefault();
            return v4 is null
                ? throw new ControlServerStartException($"Cannot open an HTTP server: cannot resolve host {config.Host}")
                : new IPEndPoint(v4, config.Port);
        }
        catch (SocketException)
        {
            throw new ControlServerStartException($"Cannot open an HTTP server: cannot resolve host {config.Host}");
        }
    }
}
