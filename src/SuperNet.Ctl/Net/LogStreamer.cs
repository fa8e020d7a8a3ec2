using System.Text;
using SuperNet.Linux;

namespace SuperNet.Ctl.Net;

/// <summary>
/// Follows /logtail or /mainlogtail the way supervisorctl's streaming client does: one HTTP/1.1 GET, the answer
/// read as <see cref="StreamFraming"/> reads it, errors reported on stderr as `&lt;url&gt; &lt;problem&gt;`.
/// Stop() (from a signal handler or another thread) ends the stream by shutting the socket down.
/// </summary>
internal sealed class LogStreamer(ServerUrl url, string path, string? username, string? password)
{
    private const int ECONNRESET = 104;
    private const int ENOTCONN = 107;
    private const int ESHUTDOWN = 108;

    private volatile ClientSocket? socket;
    private volatile bool stopped;

    public string FullUrl => url.Text + path;

    /// <summary>Streams until the server ends the response or Stop() is called.</summary>
    public void Run(Action<ReadOnlySpan<byte>> onData, TextWriter errors)
    {
        // What the stream client cannot make of the URL is raised before it connects, past its error handling.
        var elsewhere = url.IsUnix ? null : StreamEndpoint.Of(url);
        try
        {
            var s = elsewhere is null ? SocketConnector.Connect(url) : ConnectTo(elsewhere);
            socket = s;
            if (stopped)
            {
                s.Dispose();
                return;
            }

            var errno = s.Send(Encoding.UTF8.GetBytes(Request()));
            if (errno != 0)
            {
                throw SocketConnector.Failure(errno, url);
            }

            var framing = new StreamFraming(data => Feed(data, onData), problem =>
            {
                errors.WriteLine($"{FullUrl} {problem}");
                errors.Flush();
            });
            var received = new byte[StreamFraming.ReadSize];
            while (!framing.Closed)
            {
                var n = s.Receive(received);
                if (n == 0 || -n is ECONNRESET or ENOTCONN or ESHUTDOWN)
                {
                    // The server closed (or reset) the connection, or Stop() shut it down: the stock client ends
                    // without a word at whatever point of the response it was.
                    return;
                }

                if (n < 0)
                {
                    throw SocketConnector.Failure(-n, url);
                }

                framing.Received(received.AsSpan(0, n));
            }
        }
        catch (PythonError e) when (!stopped)
        {
            errors.WriteLine($"{FullUrl} Cannot connect, error: <class '{e.PythonClass}'> ({e.Message})");
            errors.Flush();
        }
        catch (Exception e) when (e is ConnectException or IOException)
        {
            if (!stopped)
            {
                errors.WriteLine($"{FullUrl} Cannot connect, error: {Describe(e)}");
                errors.Flush();
            }
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private ClientSocket ConnectTo(System.Net.IPAddress address)
    {
        var errno = ClientSocket.ConnectTcp(address, url.Port, out var connected);
        return connected ?? throw SocketConnector.Failure(errno, url);
    }

    public void Stop()
    {
        stopped = true;
        // Run's blocked Receive sees the end of the stream; Run closes the socket (closing it here could let
        // another open reuse the fd while Run still reads from it).
        socket?.Shutdown();
    }

    private string Request()
    {
        var sb = new StringBuilder(256);
        sb.Append("GET ").Append(path).Append(" HTTP/1.1\r\n");
        sb.Append("Host: ").Append(url.IsUnix ? "" : url.Authority).Append("\r\n");
        sb.Append("Accept-Encoding: chunked\r\n");
        sb.Append("Accept: */*\r\n");
        sb.Append("User-agent: Supervisor HTTP Client\r\n");
        var auth = BasicAuth.StreamHeader(username, password);
        if (auth is not null)
        {
            sb.Append("Authorization: ").Append(auth).Append("\r\n");
        }

        sb.Append("\r\n");
        return sb.ToString();
    }

    /// <summary>
    /// The stock client decodes each piece it is handed as UTF-8 and prints one that is not as its bytes' repr, so
    /// a character split between two reads is shown that way too.
    /// </summary>
    private static void Feed(ReadOnlySpan<byte> data, Action<ReadOnlySpan<byte>> onData)
    {
        if (System.Text.Unicode.Utf8.IsValid(data))
        {
            onData(data);
        }
        else
        {
            onData(Encoding.UTF8.GetBytes("Undecodable: " + Core.Logging.PythonRepr.Bytes(data)));
        }
    }

    private static string Describe(Exception e) => e switch
    {
        ConnectException c => $"<class '{c.PythonClass}'> ({c.PythonText})",
        _ => $"<class 'OSError'> ({e.Message})",
    };
}
