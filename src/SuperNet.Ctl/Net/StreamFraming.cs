using System.Globalization;
using System.Numerics;
using System.Text;
using SuperNet.Core.Logging;

namespace SuperNet.Ctl.Net;

/// <summary>
/// How supervisorctl's log stream client (supervisor.http_client on medusa's asynchat) reads a response, byte for
/// byte, since a server's odd framing shows through it: only CR LF ends a line (a bare LF stays inside the line),
/// the status line and a chunk size line split at ASCII white space, a header without a colon is a ValueError, a
/// header name counts only as written (lower-cased, untrimmed), and a body with a Content-Length is printed with
/// whatever else the same read brought. The last chunk is never seen as the end: the stream ends when the server
/// closes. Errors are thrown as the <see cref="PythonError"/> the client would print.
/// </summary>
internal sealed class StreamFraming(Action<ReadOnlySpan<byte>> feed, Action<string> error)
{
    /// <summary>asynchat's recv size: what one read brings decides how much follows a closing part.</summary>
    public const int ReadSize = 4096;

    private enum Part { StatusLine, Headers, ChunkedSize, ChunkedBody, Trailer, Body, Ignore }

    private static readonly byte[] Chunked = "chunked"u8.ToArray();

    private byte[] input = new byte[ReadSize];
    private int inputLength;
    private readonly MemoryStream collected = new();

    /// <summary>Null while the terminator is CR LF; else the count still to collect (0: everything that comes).</summary>
    private long? remaining;
    private Part part = Part.StatusLine;
    private byte[] encoding = [];
    private long length;

    /// <summary>The client closed its side: the rest of the current read is still processed, nothing more is read.</summary>
    public bool Closed { get; private set; }

    public void Received(ReadOnlySpan<byte> data)
    {
        if (inputLength + data.Length > input.Length)
        {
            Array.Resize(ref input, Math.Max(input.Length * 2, inputLength + data.Length));
        }

        data.CopyTo(input.AsSpan(inputLength));
        inputLength += data.Length;
        while (inputLength > 0)
        {
            if (remaining is { } n)
            {
                if (n == 0)
                {
                    Collect(TakeInput(inputLength));
                }
                else if (inputLength < n)
                {
                    Collect(TakeInput(inputLength));
                    remaining = n - inputLength;
                }
                else
                {
                    // A negative count (from a negative chunk size) is a Python slice from the end.
                    Collect(TakeInput(n >= 0 ? (int)n : (int)Math.Max(inputLength + n, 0)));
                    remaining = 0;
                    FoundTerminator();
                }

                continue;
            }

            var index = input.AsSpan(0, inputLength).IndexOf("\r\n"u8);
            if (index >= 0)
            {
                Collect(TakeInput(index));
                TakeInput(2);
                FoundTerminator();
            }
            else if (input[inputLength - 1] == '\r')
            {
                // A CR at the end may begin the terminator: it waits for the next read.
                Collect(TakeInput(inputLength - 1));
                break;
            }
            else
            {
                Collect(TakeInput(inputLength));
            }
        }
    }

    private byte[] TakeInput(int count)
    {
        var taken = input.AsSpan(0, count).ToArray();
        input.AsSpan(count, inputLength - count).CopyTo(input);
        inputLength -= count;
        return taken;
    }

    private void Collect(byte[] data)
    {
        collected.Write(data);
        if (part == Part.Body)
        {
            Feed();
        }
    }

    private void Feed()
    {
        feed(collected.GetBuffer().AsSpan(0, (int)collected.Length));
        collected.SetLength(0);
    }

    private void FoundTerminator()
    {
        var line = collected.GetBuffer().AsSpan(0, (int)collected.Length);
        switch (part)
        {
            case Part.StatusLine:
                StatusLine(line);
                break;
            case Part.Headers:
                Header(line);
                break;
            case Part.ChunkedSize:
                ChunkSize(line);
                break;
            case Part.ChunkedBody:
                remaining = null;
                part = Part.ChunkedSize;
                Feed();
                break;
            case Part.Body:
                Closed = true;
                break;
            case Part.Trailer:
                // The client waits for a trailer line equal to CR LF, which its line reading can never produce.
            case Part.Ignore:
                break;
        }

        collected.SetLength(0);
    }

    private void StatusLine(ReadOnlySpan<byte> line)
    {
        var words = Split(line, 2);
        if (words.Count != 3)
        {
            throw new PythonError("ValueError", $"not enough values to unpack (expected 3, got {words.Count})");
        }

        var status = PythonBytesInt.Parse(line[words[1]], 10);
        if (!line[words[0]].StartsWith("HTTP/"u8))
        {
            throw new PythonError("ValueError", PythonRepr.Bytes(line));
        }

        if (status == 200)
        {
            part = Part.Headers;
            return;
        }

        part = Part.Ignore;
        error("Cannot read, status code " + status.ToString(CultureInfo.InvariantCulture));
        Closed = true;
    }

    private void Header(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            if (encoding.AsSpan().SequenceEqual(Chunked))
            {
                part = Part.ChunkedSize;
            }
            else
            {
                part = Part.Body;
                remaining = length;
            }

            return;
        }

        var colon = line.IndexOf((byte)':');
        if (colon < 0)
        {
            throw new PythonError("ValueError", "not enough values to unpack (expected 2, got 1)");
        }

        var name = line[..colon];
        var value = line[(colon + 1)..];
        if (name.IsEmpty || value.IsEmpty)
        {
            return;
        }

        value = value.Trim(" \t\n\v\f\r"u8);
        if (Ascii.EqualsIgnoreCase(name, "transfer-encoding"u8))
        {
            encoding = value.ToArray();
        }
        else if (Ascii.EqualsIgnoreCase(name, "content-length"u8))
        {
            length = Saturate(PythonBytesInt.Parse(value, 10));
        }
    }

    private void ChunkSize(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return;
        }

        var words = Split(line, -1);
        if (words.Count == 0)
        {
            throw new PythonError("IndexError", "list index out of range");
        }

        var size = Saturate(PythonBytesInt.Parse(line[words[0]], 16));
        if (size == 0)
        {
            part = Part.Trailer;
        }
        else
        {
            remaining = size;
            part = Part.ChunkedBody;
        }
    }

    /// <summary>Python's bytes.split(None, maxsplit): runs of ASCII white space separate; the last word keeps the rest of the line.</summary>
    private static List<Range> Split(ReadOnlySpan<byte> line, int maxSplit)
    {
        var words = new List<Range>();
        var i = 0;
        while (true)
        {
            while (i < line.Length && IsSpace(line[i]))
            {
                i++;
            }

            if (i == line.Length)
            {
                return words;
            }

            if (words.Count == maxSplit)
            {
                words.Add(i..line.Length);
                return words;
            }

            var start = i;
            while (i < line.Length && !IsSpace(line[i]))
            {
                i++;
            }

            words.Add(start..i);
        }
    }

    private static bool IsSpace(byte b) => b is (byte)' ' or (>= 9 and <= 13);

    /// <summary>A count past 64 bits is never reached; one below is as good as everything.</summary>
    private static long Saturate(BigInteger value) =>
        value > long.MaxValue ? long.MaxValue : value < -long.MaxValue ? -long.MaxValue : (long)value;
}
