using SuperNet.Linux;

namespace SuperNet.Ctl.Net;

/// <summary>Opens a stream socket to the server named by a URL; failures carry the errno as Python reports it.</summary>
internal static class SocketConnector
{
    public static ClientSocket Connect(ServerUrl url)
    {
        ClientSocket? socket;
        if (url.IsUnix)
        {
            var path = url.SocketPath;
            if (path.Length == 0 || System.Text.Encoding.UTF8.GetByteCount(path) > ClientSocket.MaxUnixPath)
            {
                throw new ConnectException(0, "AF_UNIX path too long", url.Text);
            }

            var errno = ClientSocket.ConnectUnix(path, out socket);
            return socket ?? throw Failure(errno, url);
        }

        if (url.Scheme != "http")
        {
            throw new UrlException("Unknown protocol for serverurl " + url.Text, url.Text);
        }

        if (url.Host.Length == 0)
        {
            // Python reads an empty host as None, which http.client cannot connect to.
            throw new PythonError("TypeError", "expected string or bytes-like object, got 'NoneType'");
        }

        PythonHttpHost.Validate(url.Host);
        var errorCode = HostLookup.Resolve(PythonHttpHost.LookupName(url.Host), url.Port, out var addresses);
        if (errorCode != 0)
        {
            throw new ConnectException(errorCode, errorCode < 0 ? HostLookup.Describe(errorCode) : ClientSocket.Describe(errorCode), url.Text);
        }

        ConnectException? last = null;
        foreach (var address in addresses)
        {
            var errno = ClientSocket.ConnectTcp(address, url.Port, out socket);
            if (socket is not null)
            {
                return socket;
            }

            last = Failure(errno, url);
        }

        throw last ?? new ConnectException(-2, "Name or service not known", url.Text);
    }

    public static ConnectException Failure(int errno, ServerUrl url) => new(errno, ClientSocket.Describe(errno), url.Text);
}
