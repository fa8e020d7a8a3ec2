using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperNet.Ctl.Tests.Harness;

/// <summary>
/// A TCP server that answers supervisor.getVersion with "3.0" (so a command passes its upcheck; unless
/// <c>upcheck</c> is false) and every other request with bytes the test chooses, written by <c>answer</c> onto the
/// connection, which is then closed.
/// </summary>
public sealed class HostileServer : IDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly Func<string, Stream, Task> answer;
    private readonly bool upcheck;
    private readonly CancellationTokenSource stop = new();
    private readonly Task loop;
    private readonly List<string> closedByClient = [];

    public HostileServer(Func<Stream, Task> answer, bool upcheck = true)
        : this((_, stream) => answer(stream), upcheck)
    {
    }

    private HostileServer(Func<string, Stream, Task> answer, bool upcheck)
    {
        this.answer = answer;
        this.upcheck = upcheck;
        listener.Start();
        loop = Task.Run(AcceptAsync);
    }

    public HostileServer(string response, bool upcheck = true)
        : this(stream => stream.WriteAsync(Encoding.Latin1.GetBytes(response)).AsTask(), upcheck)
    {
    }

    /// <summary>A server whose answer is made from the request's text (head and body), written as UTF-8.</summary>
    public static HostileServer Answering(Func<string, string> respond) =>
        new((request, stream) => stream.WriteAsync(Encoding.UTF8.GetBytes(respond(request))).AsTask(), upcheck: true);

    /// <summary>As <see cref="Answering"/>, but the answer is written byte for byte (Latin-1), as the string constructor's is.</summary>
    public static HostileServer AnsweringBytes(Func<string, string> respond) =>
        new((request, stream) => stream.WriteAsync(Encoding.Latin1.GetBytes(respond(request))).AsTask(), upcheck: true);

    /// <summary>
    /// The request lines of the connections the client has closed after reading its answer to the end: by then a
    /// client has printed all it will print of that answer.
    /// </summary>
    public IReadOnlyList<string> ClosedByClient
    {
        get
        {
            lock (closedByClient)
            {
                return [.. closedByClient];
            }
        }
    }

    public string Url => "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string Ok(string body) =>
        $"HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}";

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException && stop.IsCancellationRequested)
            {
                // Dispose's listener.Stop() can end the pending accept before the token does (ECANCELED).
                return;
            }

            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequestAsync(stream);
                if (upcheck && request.Contains("supervisor.getVersion", StringComparison.Ordinal))
                {
                    await stream.WriteAsync(Encoding.ASCII.GetBytes(Ok(
                        "<?xml version='1.0'?><methodResponse><params><param><value><string>3.0</string></value></param></params></methodResponse>")));
                }
                else
                {
                    await answer(request, stream);
                }

                client.Client.Shutdown(SocketShutdown.Send);
                await AwaitCloseAsync(stream, request);
            }
            catch (IOException)
            {
                // The client gave up on the answer: that is what some tests provoke.
            }
            catch (OperationCanceledException)
            {
                // The test is over.
            }
        }
    }

    private async Task AwaitCloseAsync(Stream stream, string request)
    {
        var buffer = new byte[4096];
        while (await stream.ReadAsync(buffer, stop.Token) > 0)
        {
        }

        lock (closedByClient)
        {
            closedByClient.Add(request.Split("\r\n")[0]);
        }
    }

    private static async Task<string> ReadRequestAsync(Stream stream)
    {
        var data = new List<byte>();
        var buffer = new byte[4096];
        int? bodyLength = null;
        int headEnd = -1;
        while (headEnd < 0 || data.Count < headEnd + (bodyLength ?? 0))
        {
            var n = await stream.ReadAsync(buffer);
            if (n == 0)
            {
                break;
            }

            data.AddRange(buffer.AsSpan(0, n));
            var text = Encoding.Latin1.GetString(data.ToArray());
            headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                headEnd += 4;
                var length = text[..headEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                bodyLength = length is null ? 0 : int.Parse(length["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return Encoding.Latin1.GetString(data.ToArray());
    }

    public void Dispose()
    {
        stop.Cancel();
        listener.Stop();
        loop.Wait(TimeSpan.FromSeconds(10));
        stop.Dispose();
    }
}
