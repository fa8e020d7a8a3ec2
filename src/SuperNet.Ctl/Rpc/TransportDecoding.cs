using System.Text.Unicode;
using SuperNet.Ctl.Net;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Rpc;

/// <summary>
/// supervisorctl's transport decodes an answer as strict UTF-8 and hands expat its ASCII form (every other character
/// as a reference) before the XML is read: bytes that are not UTF-8 are Python's UnicodeDecodeError, and a leading
/// byte order mark, which becomes "&amp;#65279;" ahead of the document, is expat's invalid token at its very start.
/// Every reader of the answer then sees what expat sees: a non-ASCII character in a name is an '&amp;' there, and one
/// in a CDATA section stays its reference's text.
/// </summary>
internal static class TransportDecoding
{
    /// <summary>The answer as supervisorctl's expat is given it: ASCII, with each other character as &amp;#N;.</summary>
    public static byte[] Decode(byte[] body)
    {
        Check(body);
        var first = body.AsSpan().IndexOfAnyInRange((byte)0x80, (byte)0xFF);
        if (first < 0)
        {
            return body;
        }
        var ascii = new System.Text.StringBuilder(body.Length + 16);
        ascii.Append(System.Text.Encoding.ASCII.GetString(body, 0, first));
        foreach (var rune in System.Text.Encoding.UTF8.GetString(body, first, body.Length - first).EnumerateRunes())
        {
            if (rune.IsAscii)
            {
                ascii.Append((char)rune.Value);
            }
            else
            {
                ascii.Append("&#").Append(rune.Value).Append(';');
            }
        }
        return System.Text.Encoding.ASCII.GetBytes(ascii.ToString());
    }

    private static void Check(ReadOnlySpan<byte> body)
    {
        if (!Utf8.IsValid(body))
        {
            throw new PythonError("UnicodeDecodeError", PythonUtf8.DecodeError(body));
        }
        if (body.StartsWith("\uFEFF"u8))
        {
            throw new XmlRpcParseException("malformed XML: a byte order mark at line 1, column 1")
            {
                ExpatText = "not well-formed (invalid token): line 1, column 0",
            };
        }
    }
}
