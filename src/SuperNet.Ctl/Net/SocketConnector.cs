using System.Net;
using System.Net.Sockets;

namespace SuperNet.Ctl.Net;

/// <summary>Opens a stream socket to the server named by a URL, mapping failures to errno.</summary>
internal static class SocketConnector
{
    public static Socket Connect(ServerUrl url)
    {
        if (url.IsUnix)
        {
            UnixDomainSocketEndPoint endPoint;
            try
            {
                endPoint = new UnixDomainSocketEndPoint(url.SocketPath);
            }
            catch (ArgumentException)
            {
                throw new ConnectException(0, "AF_UNIX path too long", url.Text);
            }

            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                socket.Connect(endPoint);
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw Map(e, url);
            }
        }

        if (url.Scheme != "http")
        {
            throw new UrlException("Unknown protocol for serverurl " + url.Text, url.Text);
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(url.Host, out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = Dns.GetHostAddresses(url.Host);
            }
            catch (SocketException e)
            {
                throw new ConnectException(-2, e.SocketErrorCode == SocketError.TryAgain ? "Temporary failure in name resolution" : "Name or service not known", url.Text);
            }
        }

        ConnectException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Connect(new IPEndPoint(address, url.Port));
                return socket;
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = Map(e, url);
            }
        }

        throw last ?? new ConnectException(-2, "Name or service not known", url.Text);
    }

    public static ConnectException Map(SocketException e, ServerUrl url)
    {
        var errno = e.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => ConnectException.ECONNREFUSED,
            SocketError.AddressNotAvailable when url.IsUnix => ConnectException.ENOENT,
            SocketError.AccessDenied => 13,
            SocketError.ConnectionReset => 104,
            SocketError.ConnectionAborted => 103,
            SocketError.TimedOut => 110,
            SocketError.Shutdown => 32,
            SocketError.HostUnreachable => 113,
            SocketError.NetworkUnreachable => 101,
            _ => e.NativeErrorCode,
        };
        return new ConnectException(errno, ErrnoText.Describe(errno) ?? e.Message, url.Text);
    }
}
