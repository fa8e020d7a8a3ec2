using System.Globalization;

namespace SuperNet.XmlRpc;

/// <summary>
/// Writes one value as <see cref="XmlRpcWriter"/> does, over an explicit stack of frames (a deep value built in code
/// must not overflow the thread's stack), stopping whenever the output holds a piece's worth. One is kept per
/// thread and reused: a small answer's iterators, stack and cursors were most of what writing it allocated, and
/// every byte a call allocates is, early in a daemon's life, a page touched for the first time.
/// </summary>
internal sealed class ValueWriter
{
    [ThreadStatic]
    private static ValueWriter? t_spare;

    // A stack this deep is dropped rather than kept: one huge value must not pin its frames for good.
    private const int MaxKeptFrames = 1024;

    // Closing tags pushed on the writer's stack, written when popped.
    private static readonly byte[] EndArray = "</data></array></value>\n"u8.ToArray();
    private static readonly byte[] EndStruct = "</struct></value>\n"u8.ToArray();
    private static readonly byte[] EndMember = "</member>\n"u8.ToArray();

    private Frame[] _frames = new Frame[16];
    private int _count;
    // Frames popped keep their item until overwritten: up to here they are cleared on return, or the kept writer would
    // hold the last answer's values (a multicall's results, a listing's view) until the thread next wrote as deep.
    private int _deepest;
    private Utf8Buffer? _output;

    public static ValueWriter Rent()
    {
        var writer = t_spare ?? new ValueWriter();
        t_spare = null;
        return writer;
    }

    /// <summary>Gives back the output's buffer and keeps this writer for the thread's next value.</summary>
    public void Return()
    {
        _output?.Dispose();
        Array.Clear(_frames, 0, _deepest);
        _count = _deepest = 0;
        if (_frames.Length > MaxKeptFrames)
        {
            _frames = new Frame[16];
        }
        t_spare = this;
    }

    /// <summary>The writer's own output buffer (for answers written in pieces), empty, until <see cref="Return"/>.</summary>
    public Utf8Buffer Output()
    {
        _output ??= new Utf8Buffer(0);
        _output.Open();
        return _output;
    }

    public void Start(XmlRpcValue root)
    {
        _count = 0;
        Push(FrameKind.Value, root);
    }

    /// <summary>
    /// Writes until the value is done (true) or, before its next part, output holds at least
    /// <paramref name="pieceBytes"/> bytes (false: take them out, then call again).
    /// </summary>
    public bool Write(Utf8Buffer output, int pieceBytes)
    {
        while (_count > 0)
        {
            if (output.Length >= pieceBytes)
            {
                return false;
            }
            ref var top = ref _frames[_count - 1];
            switch (top.Kind)
            {
                case FrameKind.Value:
                    var value = (XmlRpcValue)top.Item;
                    _count--;
                    WriteValue(output, value);
                    break;
                case FrameKind.Literal:
                    _count--;
                    output.Write((byte[])top.Item);
                    break;
                case FrameKind.Members:
                    var members = ((XmlRpcStruct)top.Item).Members;
                    if (top.Next < members.Count)
                    {
                        var (key, member) = members[top.Next++];
                        output.Write("<member>\n<name>"u8);
                        XmlRpcWriter.WriteEscaped(output, key);
                        output.Write("</name>\n"u8);
                        Push(FrameKind.Literal, EndMember);
                        Push(FrameKind.Value, member);
                    }
                    else
                    {
                        _count--;
                    }
                    break;
                case FrameKind.Items:
                    // One item at a time: a lazy array's items are made (or written) only as they are reached.
                    var items = (IReadOnlyList<XmlRpcValue>)top.Item;
                    if (top.Next < items.Count)
                    {
                        var index = top.Next++;
                        if (items is IItemWriter direct)
                        {
                            direct.WriteItem(index, output);
                        }
                        else
                        {
                            Push(FrameKind.Value, items[index]);
                        }
                    }
                    else
                    {
                        _count--;
                    }
                    break;
            }
        }
        return true;
    }

    // Exact types only, the commonest first: a generic interface test here cost more than the writing.
    private void WriteValue(Utf8Buffer output, XmlRpcValue value)
    {
        switch (value)
        {
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
                XmlRpcWriter.WriteEscaped(output, s.Value);
                output.Write("</string></value>\n"u8);
                break;
            case XmlRpcEncoded encoded:
                encoded.WriteTo(output);
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
                output.Write("<value><array><data>\n"u8);
                Push(FrameKind.Literal, EndArray);
                Push(FrameKind.Items, a.Items);
                break;
            case XmlRpcStruct st:
                output.Write("<value><struct>\n"u8);
                Push(FrameKind.Literal, EndStruct);
                Push(FrameKind.Members, st);
                break;
            default:
                throw new ArgumentException("unknown XML-RPC value type");
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
    private static void WriteBase64Lines(Utf8Buffer output, byte[] data)
    {
        var text = Convert.ToBase64String(data);
        for (var i = 0; i < text.Length; i += 76)
        {
            output.WriteText(text.AsSpan(i, Math.Min(76, text.Length - i)));
            output.Write("\n"u8);
        }
    }

    private void Push(FrameKind kind, object item)
    {
        if (_count == _frames.Length)
        {
            Array.Resize(ref _frames, _frames.Length * 2);
        }
        _frames[_count++] = new Frame(kind, item);
        _deepest = Math.Max(_deepest, _count);
    }

    private enum FrameKind : byte
    {
        Value, // an XmlRpcValue to write
        Literal, // a closing tag (byte[])
        Members, // an XmlRpcStruct, its members from Next on
        Items, // an array's items (IReadOnlyList<XmlRpcValue>) from Next on
    }

    private struct Frame(FrameKind kind, object item)
    {
        public readonly FrameKind Kind = kind;
        public readonly object Item = item;
        public int Next;
    }
}

/// <summary>An array's item list that can write item <c>index</c> straight into the answer, with no value made.</summary>
internal interface IItemWriter
{
    void WriteItem(int index, Utf8Buffer output);
}
