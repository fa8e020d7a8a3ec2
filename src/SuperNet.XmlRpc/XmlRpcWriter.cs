using System.Buffers;

namespace SuperNet.XmlRpc;

/// <summary>
/// Serialises calls and responses byte-for-byte as Python's xmlrpc.client.dumps does, so answers can
/// be compared with goldens captured from supervisord. Output is UTF-8.
/// </summary>
public static class XmlRpcWriter
{
    private static ReadOnlySpan<byte> Declaration => "<?xml version='1.0'?>\n"u8;

    // What Escape changes: the three markup characters and the C0 controls XML 1.0 forbids.
    private static readonly SearchValues<char> Special = SearchValues.Create(
        "&<>\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000b\u000c\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    public static byte[] WriteMethodCall(string methodName, IReadOnlyList<XmlRpcValue> parameters)
    {
        using var output = new Utf8Buffer();
        output.Write(Declaration);
        output.Write("<methodCall>\n<methodName>"u8);
        WriteEscaped(output, methodName);
        output.Write("</methodName>\n"u8);
        WriteParams(output, parameters);
        output.Write("</methodCall>\n"u8);
        return output.ToArray();
    }

    public static byte[] WriteResponse(XmlRpcValue value)
    {
        using var output = new Utf8Buffer();
        output.Write(Declaration);
        output.Write("<methodResponse>\n"u8);
        WriteParams(output, [value]);
        output.Write("</methodResponse>\n"u8);
        return output.ToArray();
    }

    /// <summary>
    /// The same response as <see cref="WriteResponse"/>, in pieces of about <paramref name="pieceBytes"/> bytes
    /// made as they are consumed: with a lazy array (<see cref="XmlRpcArray.Lazy{T}(IReadOnlyList{T}, Func{T, XmlRpcValue})"/>),
    /// a large answer never exists whole. Each piece is valid until the enumerator moves on; the buffer goes back to
    /// the pool when it is disposed.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<byte>> WriteResponsePieces(XmlRpcValue value, int pieceBytes) =>
        new ResponsePieces(value, pieceBytes);

    internal static ReadOnlySpan<byte> ResponseHead => "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n"u8;
    internal static ReadOnlySpan<byte> ResponseTail => "</param>\n</params>\n</methodResponse>\n"u8;

    public static byte[] WriteFault(XmlRpcFault fault)
    {
        using var output = new Utf8Buffer();
        output.Write(Declaration);
        output.Write("<methodResponse>\n<fault>\n"u8);
        WriteValue(output, FaultStruct(fault));
        output.Write("</fault>\n</methodResponse>\n"u8);
        return output.ToArray();
    }

    /// <summary>One value as it appears in an answer, UTF-8, for <see cref="XmlRpcSerialized"/>.</summary>
    public static byte[] Serialize(XmlRpcValue value)
    {
        using var output = new Utf8Buffer();
        WriteValue(output, value);
        return output.ToArray();
    }

    /// <summary>The {faultCode, faultString} struct, also used inside multicall results.</summary>
    public static XmlRpcStruct FaultStruct(XmlRpcFault fault) => new(
    [
        new("faultCode", fault.Code),
        new("faultString", fault.Message),
    ]);

    private static void WriteParams(Utf8Buffer output, IReadOnlyList<XmlRpcValue> parameters)
    {
        output.Write("<params>\n"u8);
        foreach (var p in parameters)
        {
            output.Write("<param>\n"u8);
            WriteValue(output, p);
            output.Write("</param>\n"u8);
        }
        output.Write("</params>\n"u8);
    }

    /// <summary>One value as it appears in an answer, appended to <paramref name="output"/>.</summary>
    public static void WriteValue(Utf8Buffer output, XmlRpcValue root)
    {
        var writer = ValueWriter.Rent();
        writer.Start(root);
        writer.Write(output, int.MaxValue);
        writer.Return();
    }

    /// <summary>
    /// Text as UTF-8 character data: &amp;, &lt; and &gt; are escaped as Python's escape() does. C0 control characters
    /// (ANSI colours in logs), which XML 1.0 forbids and Python writes raw (so its clients then fail to parse), become
    /// character references that our reader accepts; a Python client fails on them just as on supervisord's answer.
    /// </summary>
    public static void WriteEscaped(Utf8Buffer output, ReadOnlySpan<char> text)
    {
        while (true)
        {
            var special = text.IndexOfAny(Special);
            if (special < 0)
            {
                output.WriteText(text);
                return;
            }
            output.WriteText(text[..special]);
            switch (text[special])
            {
                case '&': output.Write("&amp;"u8); break;
                case '<': output.Write("&lt;"u8); break;
                case '>': output.Write("&gt;"u8); break;
                default:
                    output.Write("&#"u8);
                    output.Write((long)text[special]);
                    output.Write(";"u8);
                    break;
            }
            text = text[(special + 1)..];
        }
    }
}
