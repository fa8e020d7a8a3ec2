using System.Text;
using SuperNet.Ctl.Rpc;
using SuperNet.Linux;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Net;

/// <summary>
/// Follows /logtail or /mainlogtail the way supervisorctl's streaming client does: one HTTP/1.1 GET,
/// chunks copied to the output as they arrive, errors reported on stderr as `&lt;url&gt; &lt;problem&gt;`.
/// Stop() (from a signal handler or another thread) ends the stream by shutting the socket down.
/// </summary>
internal sealed class LogStreamer(ServerUrl url, string path, string? username, string? password)
{
    private volatile ClientSocket? socket;
    private volatile bool stopped;

    public string FullUrl => url.Text + path;

    /// <summary>Streams until the server ends the response or Stop() is called.</summary>
    public void Run(Action<ReadOnlySpan<byte>> onData, TextWriter errors)
    {
        try
        {
            var s = SocketConnector.Connect(url);
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

            var reader = new HttpReader(s, url);
            var head = reader.ReadHead();
            // The stock client unpacks the status line into three parts first: without a reason it is a ValueError.
            if (head.Reason.AsSpan().Trim(" \t\r\n\v\f").IsEmpty)
            {
                errors.WriteLine($"{FullUrl} {NotThreeParts(2)}");
                errors.Flush();
                return;
            }

            if (head.Status != 200)
            {
                errors.WriteLine($"{FullUrl} Cannot read, status code {head.Status}");
                errors.Flush();
                return;
            }

            if (head.BadLength is { } bad)
            {
                var error = PythonInt.Parse(bad, out _, out var digits) == PythonInt.Outcome.TooManyDigits
                    ? PythonIntErrors.TooManyDigits(digits)
                    : PythonIntErrors.InvalidLiteral(Core.Logging.PythonRepr.Bytes(Encoding.Latin1.GetBytes(bad)));
                errors.WriteLine($"{FullUrl} Cannot connect, error: <class 'ValueError'> ({error})");
                errors.Flush();
                return;
            }

            try
            {
                if (head.Chunked)
                {
                    reader.ReadChunks(onData);
                }
                else
                {
                    // Without chunking the stock client reads exactly Content-Length bytes (none if absent), and all
                    // there is for a length only a Python int holds.
                    reader.ReadUntilClose(onData, head.ContentLength == ContentLength.Overflow ? -1 : Math.Max(head.ContentLength, 0));
                }
            }
            catch (HttpProtocolException)
            {
                // The server went away mid-stream (shutdown, restart): the stock client ends silently too.
            }
        }
        catch (HttpProtocolException e) when (e.ClosedBeforeResponse)
        {
            // A close before any answer ends the stock client's loop without a word.
        }
        catch (HttpProtocolException e) when (e.StatusLine is { } line && !stopped)
        {
            errors.WriteLine($"{FullUrl} {StatusLineError(line.TrimEnd('\r', '\n'))}");
            errors.Flush();
        }
        catch (Exception e) when (e is ConnectException or HttpProtocolException or IOException)
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
    /// The stock client splits the status line in three (the reason may not be missing), reads the code with
    /// int(), then checks the version, each failure a ValueError; a code it reads that is not 200 is "Cannot read".
    /// </summary>
    private static string StatusLineError(string line)
    {
        var parts = line.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 3)
        {
            return NotThreeParts(parts.Length);
        }

        var error = PythonInt.Parse(parts[1], out var status, out var digits) switch
        {
            PythonInt.Outcome.TooManyDigits => PythonIntErrors.TooManyDigits(digits),
            PythonInt.Outcome.InvalidLiteral => PythonIntErrors.InvalidLiteral(Core.Logging.PythonRepr.Bytes(Encoding.Latin1.GetBytes(parts[1]))),
            _ when !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) => Core.Logging.PythonRepr.Bytes(Encoding.Latin1.GetBytes(line)),
            _ => null,
        };
        return error is null
            ? $"Cannot read, status code {status.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : $"Cannot connect, error: <class 'ValueError'> ({error})";
    }

    private static string NotThreeParts(int parts) =>
        $"Cannot connect, error: <class 'ValueError'> (not enough values to unpack (expected 3, got {parts}))";

    private static string Describe(Exception e) => e switch
    {
        ConnectException c => $"<class '{c.PythonClass}'> ({c.PythonText})",
        _ => $"<class 'OSError'> ({e.Message})",
    };
}
