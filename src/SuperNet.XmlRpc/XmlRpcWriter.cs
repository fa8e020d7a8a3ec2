using System.Globalization;
using System.Text;

namespace SuperNet.XmlRpc;

/// <summary>
/// Serialises calls and responses byte-for-byte as Python's xmlrpc.client.dumps does, so answers can
/// be compared with goldens captured from supervisord. Output is UTF-8.
/// </summary>
public static class XmlRpcWriter
{
    private const string Declaration = "<?xml version='1.0'?>\n";

    public static byte[] WriteMethodCall(string methodName, IReadOnlyList<XmlRpcValue> parameters)
    {
        var sb = new StringBuilder(Declaration).Append("<methodCall>\n<methodName>");
        Escape(sb, methodName);
        sb.Append("</methodName>\n");
        WriteParams(sb, parameters);
        sb.Append("</methodCall>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    public static byte[] WriteResponse(XmlRpcValue value)
    {
        var sb = new StringBuilder(Declaration).Append("<methodResponse>\n");
        WriteParams(sb, [value]);
        sb.Append("</methodResponse>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// The same response as <see cref="WriteResponse"/>, in pieces of about <paramref name="pieceChars"/> characters
    /// made as they are consumed: with a lazy array (<see cref="XmlRpcArray.Lazy"/>), a large answer never exists whole.
    /// </summary>
    public static IEnumerable<string> WriteResponsePieces(XmlRpcValue value, int pieceChars)
    {
        var sb = new StringBuilder(Declaration).Append("<methodResponse>\n<params>\n<param>\n");
        foreach (var _ in WriteValue(sb, value, pieceChars))
        {
            yield return sb.ToString();
            sb.Clear();
        }
        sb.Append("</param>\n</params>\n</methodResponse>\n");
        yield return sb.ToString();
    }

    public static byte[] WriteFault(XmlRpcFault fault)
    {
        var sb = new StringBuilder(Declaration).Append("<methodResponse>\n<fault>\n");
        WriteValue(sb, FaultStruct(fault));
        sb.Append("</fault>\n</methodResponse>\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>One value as it appears in an answer, for <see cref="XmlRpcSerialized"/>.</summary>
    public static string Serialize(XmlRpcValue value)
    {
        var sb = new StringBuilder();
        WriteValue(sb, value);
        return sb.ToString();
    }

    /// <summary>The {faultCode, faultString} struct, also used inside multicall results.</summary>
    public static XmlRpcStruct FaultStruct(XmlRpcFault fault) => new(
    [
        new("faultCode", fault.Code),
        new("faultString", fault.Message),
    ]);

    private static void WriteParams(StringBuilder sb, IReadOnlyList<XmlRpcValue> parameters)
    {
        sb.Append("<params>\n");
        foreach (var p in parameters)
        {
            sb.Append("<param>\n");
            WriteValue(sb, p);
            sb.Append("</param>\n");
        }
        sb.Append("</params>\n");
    }

    private static void WriteValue(StringBuilder sb, XmlRpcValue root)
    {
        foreach (var _ in WriteValue(sb, root, int.MaxValue))
        {
        }
    }

    // Iterative over an explicit stack: a deep value built in code must not overflow ours either. Yields
    // whenever sb holds at least pieceChars characters, for the caller to take them out.
    private static IEnumerable<bool> WriteValue(StringBuilder sb, XmlRpcValue root, int pieceChars)
    {
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            if (sb.Length >= pieceChars)
            {
                yield return true;
            }
            switch (pending.Pop())
            {
                case IEnumerator<XmlRpcValue> items:
                    if (items.MoveNext())
                    {
                        pending.Push(items);
                        pending.Push(items.Current);
                    }
                    else
                    {
                        items.Dispose();
                    }
                    break;
                case string literal:
                    sb.Append(literal);
                    break;
                case XmlRpcInt i:
                    sb.Append("<value><int>").Append(XmlRpcInt.Clamp(i.Value).ToString(CultureInfo.InvariantCulture))
                        .Append("</int></value>\n");
                    break;
                case XmlRpcBoolean b:
                    sb.Append(b.Value ? "<value><boolean>1</boolean></value>\n" : "<value><boolean>0</boolean></value>\n");
                    break;
                case XmlRpcString s:
                    sb.Append("<value><string>");
                    Escape(sb, s.Value);
                    sb.Append("</string></value>\n");
                    break;
                case XmlRpcDouble d:
                    sb.Append("<value><double>").Append(FormatDouble(d.Value)).Append("</double></value>\n");
                    break;
                case XmlRpcDateTime t:
                    sb.Append("<value><dateTime.iso8601>").Append(t.ToString()).Append("</dateTime.iso8601></value>\n");
                    break;
                case XmlRpcBase64 b64:
                    sb.Append("<value><base64>\n");
                    AppendBase64Lines(sb, b64.Value);
                    sb.Append("</base64></value>\n");
                    break;
                case XmlRpcNil:
                    sb.Append("<value><nil/></value>");
                    break;
                case XmlRpcSerialized serialized:
                    sb.Append(serialized.Xml);
                    break;
                case XmlRpcArray a:
                    // One item at a time: a lazy array's items are made only as they are written.
                    sb.Append("<value><array><data>\n");
                    pending.Push("</data></array></value>\n");
                    pending.Push(a.Items.GetEnumerator());
                    break;
                case XmlRpcStruct st:
                    sb.Append("<value><struct>\n");
                    pending.Push("</struct></value>\n");
                    for (var k = st.Members.Count - 1; k >= 0; k--)
                    {
                        pending.Push("</member>\n");
                        pending.Push(st.Members[k].Value);
                        pending.Push("<member>\n<name>" + EscapeToString(st.Members[k].Key) + "</name>\n");
                    }
                    break;
                default:
                    throw new ArgumentException("unknown XML-RPC value type");
            }
        }
    }

    private static string FormatDouble(double d) => d switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(d) => "nan",
        _ => d.ToString("R", CultureInfo.InvariantCulture),
    };

    // Python's base64.encodebytes: 76-character lines, each ending in a newline.
    private static void AppendBase64Lines(StringBuilder sb, byte[] data)
    {
        var text = Convert.ToBase64String(data);
        for (var i = 0; i < text.Length; i += 76)
        {
            sb.Append(text, i, Math.Min(76, text.Length - i)).Append('\n');
        }
    }

    private static string EscapeToString(string text)
    {
        var sb = new StringBuilder(text.Length);
        Escape(sb, text);
        return sb.ToString();
    }

    // &, < and > are escaped as Python's escape() does. C0 control characters (ANSI colours in logs), which
    // XML 1.0 forbids and Python writes raw (so its clients then fail to parse), become character references
    // that our reader accepts; a Python client fails on them just as it does on supervisord's answer.
    private static void Escape(StringBuilder sb, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case < ' ' and not ('\t' or '\n' or '\r'): sb.Append("&#").Append((int)c).Append(';'); break;
                default: sb.Append(c); break;
            }
        }
    }
}
