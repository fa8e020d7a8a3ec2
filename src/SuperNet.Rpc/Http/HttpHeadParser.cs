using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Http;

/// <summary>
/// Parses an HTTP/1.x request head from buffered bytes. Empty lines before the request line are skipped:
/// supervisorctl's tail client sends a stray CRLF after its request (contract §1.2, trap 22).
/// The text is read straight from the bytes through <see cref="RepeatedStrings"/>: a call on a new connection
/// (supervisorctl's way) would otherwise make two dozen strings before it is dispatched.
/// </summary>
internal static class HttpHeadParser
{
    public const int MaxHeadBytes = 64 * 1024;
    private const int MaxHeaders = 100;

    public enum Outcome { NeedMore, Complete, Invalid }

    /// <summary>Consumed counts the bytes of the head (and leading empty lines), also when more are needed.</summary>
    /// <param name="searched">
    /// In: how many bytes at the start of <paramref name="data"/> an earlier call searched for the head's end in
    /// vain (0 for a new head). Out: the same for the bytes after <paramref name="consumed"/>, for the next call.
    /// </param>
    public static Outcome TryParse(ReadOnlySpan<byte> data, ref int searched, out HttpRequestHead? head, out int consumed)
    {
        head = null;
        consumed = 0;
        while (consumed < data.Length && data[consumed] is (byte)'\r' or (byte)'\n')
        {
            consumed++;
        }
        var start = consumed;
        // Parsed only once it is all there: a head arriving in pieces would otherwise be read again per piece. The
        // search for its end resumes where the last one stopped, less a marker's length but one (an end split
        // between arrivals): from the start each time, a head trickled a byte at a time cost its length squared.
        var from = Math.Max(start, searched - 2);
        if (data[from..].IndexOf("\n\r\n"u8) < 0 && data[from..].IndexOf("\n\n"u8) < 0)
        {
            searched = data.Length - start;
            // Not all there yet; a head that could never fit is refused now rather than buffered further.
            return data.Length - start > MaxHeadBytes ? Outcome.Invalid : Outcome.NeedMore;
        }
        searched = 0;
        var pos = start;
        var requestLine = ReadOnlySpan<byte>.Empty;
        var first = true;
        // Every line up to the empty one ends in a newline: the check above found it.
        var headers = new List<KeyValuePair<string, string>>(8);
        // The last header's value while folded lines join it: joined string by string, a head of folds was quadratic.
        StringBuilder? folded = null;
        while (true)
        {
            var newline = data[pos..].IndexOf((byte)'\n');
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
            if (first)
            {
                requestLine = line;
                first = false;
                continue;
            }
            if (line.Length > 0 && line[0] is (byte)' ' or (byte)'\t')
            {
                // Obsolete line folding: part of the previous header's value.
                if (headers.Count == 0)
                {
                    return Outcome.Invalid;
                }
                folded ??= new StringBuilder(headers[^1].Value);
                folded.Append(' ');
                foreach (var b in TrimWhiteSpace(line))
                {
                    folded.Append((char)b);
                }
                continue;
            }
            if (folded is not null)
            {
                headers[^1] = new(headers[^1].Key, folded.ToString());
                folded = null;
            }
            if (line.Length == 0)
            {
                break;
            }
            var colon = line.IndexOf((byte)':');
            if (colon <= 0 || line[colon - 1] is (byte)' ' or (byte)'\t' || headers.Count >= MaxHeaders)
            {
                return Outcome.Invalid;
            }
            headers.Add(new(RepeatedStrings.Get(line[..colon]), RepeatedStrings.Get(TrimWhiteSpace(line[(colon + 1)..]))));
        }
        // supervisord decodes the head as UTF-8 and, failing, drops the connection without an answer (an uncaught
        // UnicodeDecodeError); such a head is refused here too, with a 400 that says so (docs/compatibility.md).
        if (!System.Text.Unicode.Utf8.IsValid(data[start..pos]))
        {
            return Outcome.Invalid;
        }
        consumed = pos;
        if (!TrySplitRequestLine(requestLine, out var method, out var target, out var version)
            || !version.StartsWith("HTTP/1."u8))
        {
            return Outcome.Invalid;
        }
        head = new HttpRequestHead
        {
            Method = RepeatedStrings.Get(method),
            Target = RepeatedStrings.Get(target),
            Http11 = !version.SequenceEqual("HTTP/1.0"u8),
            Headers = headers,
            Authorization = MedusaAuthorization.Find(data[start..pos]),
        };
        return Outcome.Complete;
    }

    /// <summary>Exactly three parts between single spaces, the first two not empty.</summary>
    private static bool TrySplitRequestLine(ReadOnlySpan<byte> line, out ReadOnlySpan<byte> method, out ReadOnlySpan<byte> target, out ReadOnlySpan<byte> version)
    {
        method = target = version = default;
        var space = line.IndexOf((byte)' ');
        if (space <= 0)
        {
            return false;
        }
        method = line[..space];
        var rest = line[(space + 1)..];
        space = rest.IndexOf((byte)' ');
        if (space <= 0)
        {
            return false;
        }
        target = rest[..space];
        version = rest[(space + 1)..];
        return !version.Contains((byte)' ');
    }

    /// <summary>What string.Trim removes from the Latin-1 text: every byte that is white space as a char.</summary>
    private static ReadOnlySpan<byte> TrimWhiteSpace(ReadOnlySpan<byte> bytes)
    {
        var from = 0;
        while (from < bytes.Length && char.IsWhiteSpace((char)bytes[from]))
        {
            from++;
        }
        var to = bytes.Length;
        while (to > from && char.IsWhiteSpace((char)bytes[to - 1]))
        {
            to--;
        }
        return bytes[from..to];
    }
}
