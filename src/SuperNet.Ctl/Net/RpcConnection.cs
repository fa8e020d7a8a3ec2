using System.Text;
using SuperNet.Linux;

namespace SuperNet.Ctl.Net;

/// <summary>
/// A minimal HTTP/1.1 client for POST /RPC2: one socket kept alive across calls of one command,
/// reopened when the server closed it. No HttpClient: its start-up cost is most of a CLI's run time.
/// </summary>
internal sealed class RpcConnection(ServerUrl url, string? username, string? password) : IDisposable
{
    private ClientSocket? socket;
    private HttpReader? reader;

    public ServerUrl Url { get; } = url;

    public HttpResponse Post(string path, byte[] body)
    {
        var reused = socket is not null;
        try
        {
            return Exchange(path, body);
        }
        catch (Exception e) when (reused && e is ConnectException or HttpProtocolException)
        {
            // The server may close an idle keep-alive connection between two calls; retry once fresh.
            Close();
            return Exchange(path, body);
        }
    }

    private HttpResponse Exchange(string path, byte[] body)
    {
        if (socket is null)
        {
            socket = SocketConnector.Connect(Url);
            reader = new HttpReader(socket, Url);
        }

        var head = new StringBuilder(256);
        head.Append("POST ").Append(path).Append(" HTTP/1.1\r\n");
        head.Append("Host: ").Append(HostHeader()).Append("\r\n");
        head.Append("Accept-Encoding: identity\r\n");
        head.Append("User-Agent: supernetctl\r\n");
        head.Append("Content-Type: text/xml\r\n");
        head.Append("Accept: text/xml\r\n");
        var auth = BasicAuth.Header(username, password);
        if (auth is not null)
        {
            head.Append("Authorization: ").Append(auth).Append("\r\n");
        }

        head.Append("Content-Length: ").Append(body.Length).Append("\r\n\r\n");
        var headBytes = Encoding.ASCII.GetBytes(head.ToString());
        var request = new byte[headBytes.Length + body.Length];
        headBytes.CopyTo(request, 0);
        body.CopyTo(request, headBytes.Length);
        var errno = socket.Send(request);
        if (errno != 0)
        {
            Close();
            throw SocketConnector.Failure(errno, Url);
        }

        HttpResponse response;
        try
        {
            response = reader!.ReadResponse();
        }
        catch
        {
            Close();
            throw;
        }

        if (!response.KeepAlive)
        {
            Close();
        }

        return response;
    }

    private string HostHeader() =>
        Url.IsUnix ? "localhost" : Url.Port == 80 ? Url.Host : Url.Host + ":" + Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void Close()
    {
        socket?.Dispose();
        socket = null;
        reader = null;
    }

    public void Dispose() => Close();
}
