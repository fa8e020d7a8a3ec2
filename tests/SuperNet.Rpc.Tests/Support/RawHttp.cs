using System.Net.Sockets;
using System.Text;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>Sends raw bytes to a server and reads the reply, for requests no polite client makes.</summary>
public static class RawHttp
{
    public sealed record Reply(string StatusLine, Dictionary<string, string> Headers, byte[] Body)
    {
        public int Status => int.Parse(StatusLine.Split(' ')[1]);
        public string Text => Encoding.UTF8.GetString(Body);
    }

    public static Socket Connect(Endpoint endpoint)
    {
        if (endpoint.UnixPath is { } path)
        {
            var s = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            s.Connect(new UnixDomainSocketEndPoint(path));
            return s;
        }
        var t = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        t.Connect("127.0.0.1", endpoint.Port);
        return t;
    }

    /// <summary>Sends the request and reads until the server closes (requests here ask for close).</summary>
    public static async Task<Reply> SendAsync(Endpoint endpoint, byte[] request)
    {
        using var socket = Connect(endpoint);
        await socket.SendAsync(request);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var all = new MemoryStream();
        var buffer = new byte[65536];
        while (true)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, cts.Token);
            }
            catch (SocketException)
            {
                break; // reset after the answer, e.g. when the server refuses an unread body
            }
            if (n == 0)
            {
                break;
            }
            all.Write(buffer, 0, n);
        }
        return Parse(all.ToArray());
    }

    public static Reply Parse(byte[] raw)
    {
        var text = Encoding.Latin1.GetString(raw);
        var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        Assert.True(end > 0, "no complete HTTP head in: " + text);
        var lines = text[..end].Split("\r\n");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
        }
        return new Reply(lines[0], headers, raw[(end + 4)..]);
    }

    public static byte[] Post(string body, string path = "/RPC2", string version = "HTTP/1.0", string extraHeaders = "")
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        var head = $"POST {path} {version}\r\nHost: localhost\r\nConnection: close\r\n{extraHeaders}Content-Type: text/xml\r\nContent-Length: {bytes.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. bytes];
    }
}

/// <summary>Where a test server listens: a unix socket path or a TCP port on 127.0.0.1.</summary>
public sealed record Endpoint(string? UnixPath, int Port)
{
    public string Url => UnixPath is { } p ? "unix://" + p : $"http://127.0.0.1:{Port}";
    public override string ToString() => UnixPath is null ? "tcp" : "unix";
}
