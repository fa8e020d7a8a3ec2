using System.Globalization;
using System.Text;
using SuperNet.Linux;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Net;

/// <summary>Buffered reads of an XML-RPC answer from a socket as http.client reads it: lines, sized bodies, chunked bodies.</summary>
internal sealed class HttpReader(ClientSocket socket, ServerUrl url)
{
    private const int MaxLine = 64 * 1024;

    /// <summary>How much of an announced body is allocated before it arrives: 1000 programs' status is about 1 MB.</summary>
    private const int TrustedLength = 16 << 20;

    // Heads, chunk framing and streamed logs pass through here; sized bodies bypass it (ReadExactly).
    private readonly byte[] buffer = new byte[16 * 1024];
    private int start;
    private int end;
    /// <summary>How the last line read ended (CR LF, LF, or nothing at the close): Python's BadStatusLine shows it.</summary>
    private string lastLineEnd = "";

    public HttpResponse ReadResponse()
    {
        var head = ReadHead();
        byte[] body;
        if (head.Chunked)
        {
            using var collected = new MemoryStream();
            ReadChunks(chunk => collected.Write(chunk));
            body = collected.ToArray();
        }
        else if (head.ContentLength == ContentLength.Overflow)
        {
            throw new ContentLengthOverflowException();
        }
        else if (head.ContentLength >= 0)
        {
            body = ReadExactly(head.ContentLength);
        }
        else
        {
            body = ReadToClose();
        }

        return new HttpResponse(head.Status, head.Reason, head.KeepAlive && (head.Chunked || head.ContentLength >= 0), body);
    }

    /// <summary>
    /// The status line and headers; a blank line before the status line is tolerated. As http.client (supervisorctl's
    /// XML-RPC) checks, a status outside 100-999 is a bad status line.
    /// </summary>
    private ResponseHead ReadHead()
    {
        var statusLine = ReadLine() ?? throw ClosedBeforeResponse();
        while (statusLine.Length == 0)
        {
            statusLine = ReadLine() ?? throw ClosedBeforeResponse();
        }

        var parts = statusLine.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !parts[0].StartsWith("HTTP/", StringComparison.Ordinal) || !TryStatus(parts[1], out var status)
            || status is < 100 or > 999)
        {
            throw new HttpProtocolException("bad status line: " + statusLine, statusLine + lastLineEnd);
        }

        var keepAlive = parts[0] != "HTTP/1.0";
        var chunked = false;
        string? lengthText = null;
        while (true)
        {
            var line = ReadLine() ?? throw new HttpProtocolException("connection closed inside the headers");
            if (line.Length == 0)
            {
                break;
            }

            var colon = line.IndexOf(':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon].Trim();
            var value = line[(colon + 1)..].Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                lengthText = value;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                chunked = value.Equals("chunked", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("Connection", StringComparison.OrdinalIgnoreCase))
            {
                keepAlive = value.Equals("keep-alive", StringComparison.OrdinalIgnoreCase)
                    || (keepAlive && !value.Equals("close", StringComparison.OrdinalIgnoreCase));
            }
        }

        var length = lengthText is null ? -1 : ContentLength.Parse(lengthText);
        return new ResponseHead(status, parts.Length > 2 ? parts[2] : "", keepAlive, chunked, length);
    }

    /// <summary>Reads a chunked body, handing each chunk over as soon as it is complete.</summary>
    private void ReadChunks(Action<ReadOnlySpan<byte>> onChunk)
    {
        while (true)
        {
            var sizeLine = ReadLine() ?? throw new HttpProtocolException("connection closed inside a chunked body");
            if (sizeLine.Length == 0)
            {
                continue;
            }

            var semicolon = sizeLine.IndexOf(';');
            var hex = (semicolon < 0 ? sizeLine : sizeLine[..semicolon]).Trim();
            if (!int.TryParse(hex, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var size) || size < 0)
            {
                throw new HttpProtocolException("bad chunk size: " + sizeLine);
            }

            if (size == 0)
            {
                while (!string.IsNullOrEmpty(ReadLine()))
                {
                    // trailers are ignored
                }

                return;
            }

            var remaining = size;
            while (remaining > 0)
            {
                if (start == end && Fill() == 0)
                {
                    throw new HttpProtocolException("connection closed inside a chunk");
                }

                var take = Math.Min(remaining, end - start);
                onChunk(buffer.AsSpan(start, take));
                start += take;
                remaining -= take;
            }
        }
    }

    /// <summary>
    /// A sized body, received straight into its array (no growing copies: a CLI's run is mostly page faults) up to
    /// <see cref="TrustedLength"/>; past that the array grows only as bytes arrive, so a server that announces
    /// gigabytes and sends three bytes costs three bytes, not an allocation the container's memory limit refuses.
    /// </summary>
    private byte[] ReadExactly(long length)
    {
        var body = new byte[Math.Min(length, TrustedLength)];
        var filled = Math.Min(body.Length, end - start);
        buffer.AsSpan(start, filled).CopyTo(body);
        start += filled;
        while (filled < length)
        {
            if (filled == body.Length)
            {
                if (body.Length == Array.MaxLength)
                {
                    throw new HttpProtocolException("body too large: " + length.ToString(CultureInfo.InvariantCulture));
                }

                Array.Resize(ref body, (int)Math.Min(Math.Min(length, Array.MaxLength), 2L * body.Length));
            }

            var received = Receive(body.AsSpan(filled));
            if (received == 0)
            {
                throw new HttpProtocolException("connection closed inside the body");
            }

            filled += received;
        }

        return body;
    }

    private byte[] ReadToClose()
    {
        using var collected = new MemoryStream();
        while (start < end || Fill() > 0)
        {
            collected.Write(buffer.AsSpan(start, end - start));
            start = end;
        }

        return collected.ToArray();
    }

    private string? ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            if (start == end && Fill() == 0)
            {
                lastLineEnd = "";
                return line.Length == 0 ? null : line.ToString();
            }

            var span = buffer.AsSpan(start, end - start);
            var lf = span.IndexOf((byte)'\n');
            var take = lf < 0 ? span.Length : lf;
            line.Append(Encoding.Latin1.GetString(span[..take]));
            if (line.Length > MaxLine)
            {
                throw new HttpProtocolException("header line too long");
            }

            if (lf >= 0)
            {
                start += lf + 1;
                lastLineEnd = "\n";
                if (line.Length > 0 && line[^1] == '\r')
                {
                    line.Length--;
                    lastLineEnd = "\r\n";
                }

                return line.ToString();
            }

            start = end;
        }
    }

    private static HttpProtocolException ClosedBeforeResponse() =>
        new("connection closed before a response") { ClosedBeforeResponse = true };

    /// <summary>Python's int() of the status code, so "+200" is 200 and 4301 digits are refused before any arithmetic.</summary>
    private static bool TryStatus(string text, out int status)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out status))
        {
            return true;
        }

        var read = PythonInt.Parse(text, out var value, out _) == PythonInt.Outcome.Value && value >= int.MinValue && value <= int.MaxValue;
        status = read ? (int)value : 0;
        return read;
    }

    private int Fill()
    {
        start = 0;
        end = 0;
        end = Receive(buffer);
        return end;
    }

    private int Receive(Span<byte> into)
    {
        var received = socket.Receive(into);
        return received >= 0 ? received : throw SocketConnector.Failure(-received, url);
    }
}

/// <param name="ContentLength">-1 when there is none or it is unusable (see <see cref="Net.ContentLength"/>).</param>
internal sealed record ResponseHead(int Status, string Reason, bool KeepAlive, bool Chunked, long ContentLength);
