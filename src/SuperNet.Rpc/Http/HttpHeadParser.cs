using System.Text;

namespace SuperNet.Rpc.Http;

/// <summary>
/// Parses an HTTP/1.x request head from buffered bytes. Empty lines before the request line are skipped:
/// supervisorctl's tail client sends a stray CRLF after its request (contract §1.2, trap 22).
/// </summary>
internal static class HttpHeadParser
{
    public const int MaxHeadBytes = 64 * 1024;
    private const int MaxHeaders = 100;

    public enum Outcome { NeedMore, Complete, Invalid }

    /// <summary>Consumed counts the bytes of the head (and leading empty lines), also when more are needed.</summary>
    public static Outcome TryParse(ReadOnlySpan<byte> data, out HttpRequestHead? head, out int consumed)
    {
        head = null;
        consumed = 0;
        while (consumed < data.Length && data[consumed] is (byte)'\r' or (byte)'\n')
        {
            consumed++;
        }
        var start = consumed;
        var pos = start;
        string? requestLine = null;
        var headers = new List<KeyValuePair<string, string>>();
        while (true)
        {
            var newline = data[pos..].IndexOf((byte)'\n');
            if (newline < 0)
            {
                return data.Length - start > MaxHeadBytes ? Outcome.Invalid : Outcome.NeedMore;
            }
            var line = data.Slice(pos, newline);
            pos += newline + 1;
            if (pos - start > MaxHeadBytes)
            {
                return Outcome.Invalid;
            }
            if (line.Length > 0 && line[^1] == '\r')
            {
                line = line[..^1];
            }
            var text = Encoding.Latin1.GetString(line);
            if (requestLine is null)
            {
                requestLine = text;
                continue;
            }
            if (text.Length == 0)
            {
                break;
            }
            if (text[0] is ' ' or '\t')
            {
                // Obsolete line folding: part of the previous header's value.
                if (headers.Count == 0)
                {
                    return Outcome.Invalid;
                }
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + " " + text.Trim());
                continue;
            }
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || text[colon - 1] is ' ' or '\t' || headers.Count >= MaxHeaders)
            {
                return Outcome.Invalid;
            }
            headers.Add(new(text[..colon], text[(colon + 1)..].Trim()));
        }
        consumed = pos;
        var parts = requestLine.Split(' ');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || !parts[2].StartsWith("HTTP/1.", StringComparison.Ordinal))
        {
            return Outcome.Invalid;
        }
        head = new HttpRequestHead { Method = parts[0], Target = parts[1], Http11 = parts[2] != "HTTP/1.0", Headers = headers };
        return Outcome.Complete;
    }
}
