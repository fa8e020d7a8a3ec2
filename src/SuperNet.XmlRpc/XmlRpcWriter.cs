using System.Buffers;
using System.Globalization;

namespace SuperNet.XmlRpc;

/// <summary>
/// Serialises calls and responses byte-for-byte as Python's xmlrpc.client.dumps does, so answers can
/// be compared with goldens captured from supervisord. Output is UTF-8.
/// </summary>
public static class XmlRpcWriter
{
    private static ReadOnlySpan<byte> Declaration => "<?xml version='1.0'?>\n"u8;

    // Closing tags pushed on the writer's stack, written when popped.
    private static readonly byte[] EndArray = "</data></array></value>\n"u8.ToArray();
    private static readonly byte[] EndStruct = "</struct></value>\n"u8.ToArray();
    private static readonly byte[] EndMember = "</member>\n"u8.ToArray();

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
    /// made as they are consumed: with a lazy array (<see cref="XmlRpcArray.Lazy"/>), a large answer never exists
    /// whole. Each piece is valid until the enumerator moves on; the buffer goes back to the pool when it is disposed.
    /// </summary>
    public static IEnumerable<ReadOnlyMemory<byte>> WriteResponsePieces(XmlRpcValue value, int pieceBytes)
    {
        using var output = new Utf8Buffer();
        output.Write(Declaration);
        output.Write("<methodResponse>\n<params>\n<param>\n"u8);
        foreach (var _ in WriteValue(output, value, pieceBytes))
        {
            yield return output.Written;
            output.Clear();
        }
        output.Write("</param>\n</params>\n</methodResponse>\n"u8);
        yield return output.Written;
    }

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
        foreach (var _ in WriteValue(output, root, int.MaxValue))
        {
        }
    }

    // Iterative over an explicit stack: a deep value built in code must not overflow ours either. Yields
    // whenever output holds at least pieceBytes bytes, for the caller to take them out.
    private static IEnumerable<bool> WriteValue(Utf8Buffer output, XmlRpcValue root, int pieceBytes)
    {
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            if (output.Length >= pieceBytes)
            {
                yield return true;
            }
            // Exact types only, the commonest first: a generic interface test here cost more than the writing.
            switch (pending.Pop())
            {
                case byte[] literal:
                    output.Write(literal);
                    break;
                case XmlRpcInt i:
                    output.Write("<value><int>"u8);
                    output.Write(XmlRpcInt.Clamp(i.Value));
                    output.Write("</int></value>\n"u8);
                    break;
                case XmlRpcBoolean b:
                    output.Write(b.Value ? "<value><boolean>1</boolean></value>\n"u8 : "<value><boolean>0</boolean></value>\n"u8);
                    break;
                case XmlRpcString s:
                    output.Write("<value><string>"u8);
                    WriteEscaped(output, s.Value);
                    output.Write("</string></value>\n"u8);
                    break;
                case XmlRpcEncoded encoded:
                    encoded.WriteTo(output);
                    break;
                case MemberCursor members:
                    if (members.Next < members.Struct.Members.Count)
                    {
                        var (key, value) = members.Struct.Members[members.Next++];
                        output.Write("<member>\n<name>"u8);
                        WriteEscaped(output, key);
                        output.Write("</name>\n"u8);
                        pending.Push(members);
                        pending.Push(EndMember);
                        pending.Push(value);
                    }
                    break;
                case ItemCursor items:
                    if (items.Items.MoveNext())
                    {
                        pending.Push(items);
                        pending.Push(items.Items.Current);
                    }
                    else
                    {
                        items.Items.Dispose();
                    }
                    break;
                case XmlRpcDouble d:
                    output.Write("<value><double>"u8);
                    output.WriteText(FormatDouble(d.Value));
                    output.Write("</double></value>\n"u8);
                    break;
                case XmlRpcDateTime t:
                    output.Write("<value><dateTime.iso8601>"u8);
                    output.WriteText(t.ToString());
                    output.Write("</dateTime.iso8601></value>\n"u8);
                    break;
                case XmlRpcBase64 b64:
                    output.Write("<value><base64>\n"u8);
                    WriteBase64Lines(output, b64.Value);
                    output.Write("</base64></value>\n"u8);
                    break;
                case XmlRpcNil:
                    output.Write("<value><nil/></value>"u8);
                    break;
                case XmlRpcSerialized serialized:
                    output.Write(serialized.Xml);
                    break;
                case XmlRpcArray a:
                    // One item at a time: a lazy array's items are made only as they are written.
                    output.Write("<value><array><data>\n"u8);
                    pending.Push(EndArray);
                    pending.Push(new ItemCursor(a.Items.GetEnumerator()));
                    break;
                case XmlRpcStruct st:
                    output.Write("<value><struct>\n"u8);
                    pending.Push(EndStruct);
                    pending.Push(new MemberCursor(st));
                    break;
                default:
                    throw new ArgumentException("unknown XML-RPC value type");
            }
        }
    }

    private sealed class MemberCursor(XmlRpcStruct value)
    {
        public XmlRpcStruct Struct { get; } = value;
        public int Next { get; set; }
    }

    private sealed class ItemCursor(IEnumerator<XmlRpcValue> items)
    {
        public IEnumerator<XmlRpcValue> Items { get; } = items;
    }

    private static string FormatDouble(double d) => d switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(d) => "nan",
        _ => d.ToString("R", CultureInfo.InvariantCulture),
    };

    // Python's base64.encodebytes: 76-character lines, each ending in a newline.
    private static void WriteBase64Lines(Utf8Buffer output, byte[] data)
    {
        var text = Convert.ToBase64String(data);
        for (var i = 0; i < text.Length; i += 76)
        {
            output.WriteText(text.AsSpan(i, Math.Min(76, text.Length - i)));
            output.Write("\n"u8);
        }
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
