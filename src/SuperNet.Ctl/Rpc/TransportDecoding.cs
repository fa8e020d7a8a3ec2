using System.Text.Unicode;
using SuperNet.Ctl.Net;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Rpc;

/// <summary>
/// supervisorctl's transport decodes an answer as strict UTF-8 and hands expat its ASCII form (every other character
/// as a reference) before the XML is read: bytes that are not UTF-8 are Python's UnicodeDecodeError, and a leading
/// byte order mark, which becomes "&amp;#65279;" ahead of the document, is expat's invalid token at its very start.
/// </summary>
internal static class TransportDecoding
{
    public static void Check(ReadOnlySpan<byte> body)
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
