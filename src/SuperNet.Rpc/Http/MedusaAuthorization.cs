using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Http;

/// <summary>
/// The Authorization header as supervisord's medusa finds it, which is not how HTTP reads a header, so it is read
/// from the head's bytes rather than from the parsed headers: the head is cut at CR LF only (a bare LF stays inside
/// its line); a line starting with a space or a tab is joined to the one before less that one character (nothing put
/// in its place); the first joined line that is wholly "Authorization: SCHEME CREDENTIALS" counts and any other is
/// passed over. The name is matched in any case, and Python's case folding also lets U+0130 and U+0131 stand for its
/// i; exactly one space follows the colon; the scheme runs to the first space and must not be empty; the credentials
/// run to the end of the line and hold no LF (checked on 4.2.5: IT AuthParityTests).
/// </summary>
internal static class MedusaAuthorization
{
    private const string Name = "authorization: ";

    /// <summary>"SCHEME CREDENTIALS" as sent (the text after "Authorization: "), or null when no line qualifies.</summary>
    /// <param name="head">The request line and the headers, as valid UTF-8.</param>
    public static string? Find(ReadOnlySpan<byte> head)
    {
        var end = head.IndexOf("\r\n"u8);
        if (end < 0)
        {
            return null;
        }
        var rest = head[(end + 2)..];
        // A line with folds is joined here; the joined text is never longer than the head.
        byte[]? joined = null;
        var joinedLength = -1;
        var current = ReadOnlySpan<byte>.Empty;
        var have = false;
        while (true)
        {
            end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? [] : rest[(end + 2)..];
            if (have && line.Length > 0 && line[0] is (byte)' ' or (byte)'\t')
            {
                if (joinedLength < 0)
                {
                    joined ??= new byte[head.Length];
                    current.CopyTo(joined);
                    joinedLength = current.Length;
                }
                line[1..].CopyTo(joined.AsSpan(joinedLength));
                joinedLength += line.Length - 1;
                current = joined.AsSpan(0, joinedLength);
            }
            else
            {
                if (have && Match(current) is { } found)
                {
                    return found;
                }
                if (line.IsEmpty)
                {
                    return null;
                }
                current = line;
                joinedLength = -1;
                have = true;
            }
            if (end < 0)
            {
                return Match(current);
            }
        }
    }

    private static string? Match(ReadOnlySpan<byte> line)
    {
        var at = 0;
        foreach (var expected in Name)
        {
            if (at < line.Length && (line[at] == expected || (char.IsAsciiLetterLower(expected) && line[at] == expected - 32)))
            {
                at++;
            }
            else if (expected == 'i' && at + 1 < line.Length && line[at] == 0xC4 && line[at + 1] is 0xB0 or 0xB1)
            {
                at += 2;
            }
            else
            {
                return null;
            }
        }
        var value = line[at..];
        var space = value.IndexOf((byte)' ');
        if (space <= 0 || value[(space + 1)..].Contains((byte)'\n'))
        {
            return null;
        }
        return RepeatedStrings.Get(value);
    }
}
