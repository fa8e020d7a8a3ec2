using System.Globalization;

namespace SuperNet.XmlRpc;

/// <summary>
/// Parses calls (server side) and responses (client side) from their UTF-8 bytes with <see cref="XmlScanner"/>.
/// DTDs are refused outright, so neither external entities nor entity expansion bombs reach us; size and nesting
/// are bounded by XmlRpcLimits. Every rejection is an XmlRpcParseException.
/// </summary>
public static class XmlRpcReader
{
    public static XmlRpcMethodCall ReadMethodCall(ReadOnlySpan<byte> body, XmlRpcLimits? limits = null) =>
        Read(body, limits ?? XmlRpcLimits.Request, ParseCall);

    public static XmlRpcResponse ReadResponse(ReadOnlySpan<byte> body, XmlRpcLimits? limits = null) =>
        Read(body, limits ?? XmlRpcLimits.Response, ParseResponse);

    private delegate T Parser<T>(ref XmlScanner r, int maxDepth);

    private static T Read<T>(ReadOnlySpan<byte> body, XmlRpcLimits limits, Parser<T> parse)
    {
        var r = new XmlScanner(body, limits, stackalloc int[32]);
        try
        {
            var result = parse(ref r, limits.MaxDepth);
            Drain(ref r);
            return result;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new XmlRpcParseException("bad XML-RPC value: " + e.Message, e);
        }
    }

    /// <summary>Reads to the end so that trailing garbage is reported as malformed.</summary>
    private static void Drain(ref XmlScanner r)
    {
        while (r.Read())
        {
        }
    }

    private static XmlRpcMethodCall ParseCall(ref XmlScanner r, int maxDepth)
    {
        EnterRoot(ref r, Tag.MethodCall, "methodCall");
        string? name = null;
        IReadOnlyList<XmlRpcValue> parameters = [];
        if (EnterChildren(ref r))
        {
            while (MoveToChildElement(ref r))
            {
                switch (TagOf(r.Name))
                {
                    case Tag.MethodName:
                        name = r.ReadElementContentAsString(shared: true);
                        break;
                    case Tag.Params:
                        parameters = ParseParams(ref r, maxDepth, wide: false);
                        break;
                    default:
                        r.Skip();
                        break;
                }
            }
        }
        if (string.IsNullOrEmpty(name))
        {
            throw new XmlRpcParseException("no method name");
        }
        return new XmlRpcMethodCall(name, parameters);
    }

    private static XmlRpcResponse ParseResponse(ref XmlScanner r, int maxDepth)
    {
        EnterRoot(ref r, Tag.MethodResponse, "methodResponse");
        XmlRpcResponse? response = null;
        if (EnterChildren(ref r))
        {
            while (MoveToChildElement(ref r))
            {
                switch (TagOf(r.Name))
                {
                    case Tag.Params:
                        var values = ParseParams(ref r, maxDepth, wide: true);
                        if (values.Count != 1)
                        {
                            throw new XmlRpcParseException($"a response carries one value, not {values.Count}");
                        }
                        response = XmlRpcResponse.Success(values[0]);
                        break;
                    case Tag.Fault:
                        response = XmlRpcResponse.Failure(ParseFault(ref r, maxDepth, wide: true));
                        break;
                    default:
                        r.Skip();
                        break;
                }
            }
        }
        return response ?? throw new XmlRpcParseException("methodResponse has neither params nor fault");
    }

    private static XmlRpcFault ParseFault(ref XmlScanner r, int maxDepth, bool wide)
    {
        XmlRpcValue? value = null;
        if (EnterChildren(ref r))
        {
            while (MoveToChildElement(ref r))
            {
                if (TagOf(r.Name) == Tag.Value)
                {
                    value = ParseValue(ref r, 0, maxDepth, wide);
                }
                else
                {
                    r.Skip();
                }
            }
        }
        if (value is XmlRpcStruct s && s["faultString"] is XmlRpcString text)
        {
            switch (s["faultCode"])
            {
                case XmlRpcInt code:
                    return new XmlRpcFault(XmlRpcInt.Clamp(code.Value), text.Value) { ExactCode = code.Value };
                case XmlRpcBigInteger code:
                    return new XmlRpcFault(code.Value.Sign < 0 ? int.MinValue : int.MaxValue, text.Value) { ExactCode = code.Value };
            }
        }
        throw new XmlRpcParseException("fault is not a {faultCode, faultString} struct");
    }

    private static IReadOnlyList<XmlRpcValue> ParseParams(ref XmlScanner r, int maxDepth, bool wide)
    {
        // No list for a call without parameters (getState, getAllProcessInfo): most calls are.
        List<XmlRpcValue>? values = null;
        if (!EnterChildren(ref r))
        {
            return [];
        }
        while (MoveToChildElement(ref r))
        {
            if (TagOf(r.Name) != Tag.Param)
            {
                r.Skip();
                continue;
            }
            XmlRpcValue? value = null;
            if (EnterChildren(ref r))
            {
                while (MoveToChildElement(ref r))
                {
                    if (TagOf(r.Name) == Tag.Value && value is null)
                    {
                        value = ParseValue(ref r, 0, maxDepth, wide);
                    }
                    else
                    {
                        throw new XmlRpcParseException($"unexpected <{r.NameText}> in <param>");
                    }
                }
            }
            (values ??= []).Add(value ?? throw new XmlRpcParseException("<param> without <value>"));
        }
        return values ?? (IReadOnlyList<XmlRpcValue>)[];
    }

    /// <summary>At a &lt;value&gt; start tag; consumes through its end tag.</summary>
    private static XmlRpcValue ParseValue(ref XmlScanner r, int depth, int maxDepth, bool wide)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return new XmlRpcString("");
        }
        r.Read();
        string? text = null;
        XmlRpcValue? typed = null;
        while (true)
        {
            switch (r.Kind)
            {
                case XmlNode.Text:
                    // Text beside a typed value is dropped, so only untyped text is decoded.
                    if (typed is null)
                    {
                        text = text is null ? r.TextValue() : text + r.TextValue();
                    }
                    r.Read();
                    break;
                case XmlNode.Element when typed is null:
                    typed = ParseTyped(ref r, depth, maxDepth, wide);
                    break;
                case XmlNode.Element:
                    throw new XmlRpcParseException("<value> holds more than one value");
                case XmlNode.EndElement:
                    r.Read();
                    return typed ?? new XmlRpcString(text ?? "");
                default:
                    throw new XmlRpcParseException("unexpected end of document");
            }
        }
    }

    private static XmlRpcValue ParseTyped(ref XmlScanner r, int depth, int maxDepth, bool wide)
    {
        switch (TagOf(r.Name))
        {
            case Tag.Int:
                return ParseInt(r.ReadElementContentAsString(), wide);
            case Tag.Boolean:
                return r.ReadElementContentAsString() == "1" ? XmlRpcBoolean.True : XmlRpcBoolean.False;
            case Tag.String:
                return new XmlRpcString(r.ReadElementContentAsString());
            case Tag.Double:
                return new XmlRpcDouble(ParseDouble(r.ReadElementContentAsString().Trim()));
            case Tag.DateTime:
                return new XmlRpcDateTime(DateTime.ParseExact(r.ReadElementContentAsString().Trim(), XmlRpcDateTime.Format, CultureInfo.InvariantCulture));
            case Tag.Base64:
                return new XmlRpcBase64(Convert.FromBase64String(r.ReadElementContentAsString()));
            case Tag.Nil:
                r.Skip();
                return XmlRpcValue.Nil;
            case Tag.Array:
                CheckDepth(depth, maxDepth);
                return ParseArray(ref r, depth + 1, maxDepth, wide);
            case Tag.Struct:
                CheckDepth(depth, maxDepth);
                return ParseStruct(ref r, depth + 1, maxDepth, wide);
            default:
                throw new XmlRpcParseException($"unknown XML-RPC type <{r.NameText}>");
        }
    }

    /// <summary>
    /// An answer's int is Python's int(), of any width (supervisorctl prints a 30-digit pid as it came), with its
    /// refusals: more than 4300 digits, or no literal, is <see cref="XmlRpcIntException"/>, Python's ValueError. A
    /// call's stays within 64 bits, as every argument the server takes does.
    /// </summary>
    private static XmlRpcValue ParseInt(string text, bool wide)
    {
        const NumberStyles styles = NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;
        if (long.TryParse(text, styles, CultureInfo.InvariantCulture, out var value))
        {
            return new XmlRpcInt(value);
        }
        if (!wide)
        {
            return new XmlRpcInt(long.Parse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
        }
        return PythonInt.Parse(text, out var big, out var digits) switch
        {
            PythonInt.Outcome.Value when big >= long.MinValue && big <= long.MaxValue => new XmlRpcInt((long)big),
            PythonInt.Outcome.Value => new XmlRpcBigInteger(big),
            PythonInt.Outcome.TooManyDigits => throw new XmlRpcIntException(text, digits),
            _ => throw new XmlRpcIntException(text, null),
        };
    }

    private static XmlRpcArray ParseArray(ref XmlScanner r, int depth, int maxDepth, bool wide)
    {
        var items = new List<XmlRpcValue>();
        if (!EnterChildren(ref r))
        {
            return new XmlRpcArray(items);
        }
        while (MoveToChildElement(ref r))
        {
            if (TagOf(r.Name) != Tag.Data)
            {
                throw new XmlRpcParseException($"unexpected <{r.NameText}> in <array>");
            }
            if (!EnterChildren(ref r))
            {
                continue;
            }
            while (MoveToChildElement(ref r))
            {
                if (TagOf(r.Name) != Tag.Value)
                {
                    throw new XmlRpcParseException($"unexpected <{r.NameText}> in <data>");
                }
                items.Add(ParseValue(ref r, depth, maxDepth, wide));
            }
        }
        return new XmlRpcArray(items);
    }

    private static XmlRpcStruct ParseStruct(ref XmlScanner r, int depth, int maxDepth, bool wide)
    {
        var members = new List<KeyValuePair<string, XmlRpcValue>>();
        if (!EnterChildren(ref r))
        {
            return new XmlRpcStruct(members);
        }
        while (MoveToChildElement(ref r))
        {
            if (TagOf(r.Name) != Tag.Member)
            {
                throw new XmlRpcParseException($"unexpected <{r.NameText}> in <struct>");
            }
            string? name = null;
            XmlRpcValue? value = null;
            if (EnterChildren(ref r))
            {
                while (MoveToChildElement(ref r))
                {
                    switch (TagOf(r.Name))
                    {
                        case Tag.Name:
                            name = r.ReadElementContentAsString();
                            break;
                        case Tag.Value:
                            value = ParseValue(ref r, depth, maxDepth, wide);
                            break;
                        default:
                            throw new XmlRpcParseException($"unexpected <{r.NameText}> in <member>");
                    }
                }
            }
            if (name is null || value is null)
            {
                throw new XmlRpcParseException("struct member needs a <name> and a <value>");
            }
            members.Add(new(name, value));
        }
        return new XmlRpcStruct(members);
    }

    private static void CheckDepth(int depth, int maxDepth)
    {
        if (depth >= maxDepth)
        {
            throw new XmlRpcParseException($"values nested deeper than {maxDepth} levels");
        }
    }

    private static double ParseDouble(string text) => text.ToLowerInvariant() switch
    {
        "inf" or "+inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        "nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static void EnterRoot(ref XmlScanner r, Tag name, string text)
    {
        r.Read();
        if (r.Kind != XmlNode.Element || TagOf(r.Name) != name)
        {
            throw new XmlRpcParseException($"expected <{text}>");
        }
    }

    /// <summary>At a start tag: steps inside it, or past it when empty (then returns false).</summary>
    private static bool EnterChildren(ref XmlScanner r)
    {
        var empty = r.IsEmptyElement;
        r.Read();
        return !empty;
    }

    /// <summary>Moves to the next child start tag, or consumes the parent's end tag and returns false.</summary>
    private static bool MoveToChildElement(ref XmlScanner r)
    {
        while (true)
        {
            switch (r.Kind)
            {
                case XmlNode.Element:
                    return true;
                case XmlNode.EndElement:
                    r.Read();
                    return false;
                case XmlNode.Text when !r.TextIsWhitespace():
                    throw new XmlRpcParseException("unexpected text between XML-RPC elements");
                case XmlNode.Text:
                    r.Read();
                    break;
                default:
                    throw new XmlRpcParseException("unexpected end of document");
            }
        }
    }

    private enum Tag
    {
        Other,
        MethodCall,
        MethodResponse,
        MethodName,
        Params,
        Param,
        Fault,
        Value,
        Int,
        Boolean,
        String,
        Double,
        DateTime,
        Base64,
        Nil,
        Array,
        Data,
        Struct,
        Member,
        Name,
    }

    private static Tag TagOf(ReadOnlySpan<byte> name) => name.Length switch
    {
        2 when name.SequenceEqual("i4"u8) => Tag.Int,
        2 when name.SequenceEqual("i8"u8) => Tag.Int,
        3 when name.SequenceEqual("int"u8) => Tag.Int,
        3 when name.SequenceEqual("nil"u8) => Tag.Nil,
        4 when name.SequenceEqual("name"u8) => Tag.Name,
        4 when name.SequenceEqual("data"u8) => Tag.Data,
        5 when name.SequenceEqual("value"u8) => Tag.Value,
        5 when name.SequenceEqual("param"u8) => Tag.Param,
        5 when name.SequenceEqual("fault"u8) => Tag.Fault,
        5 when name.SequenceEqual("array"u8) => Tag.Array,
        6 when name.SequenceEqual("params"u8) => Tag.Params,
        6 when name.SequenceEqual("string"u8) => Tag.String,
        6 when name.SequenceEqual("double"u8) => Tag.Double,
        6 when name.SequenceEqual("base64"u8) => Tag.Base64,
        6 when name.SequenceEqual("struct"u8) => Tag.Struct,
        6 when name.SequenceEqual("member"u8) => Tag.Member,
        7 when name.SequenceEqual("boolean"u8) => Tag.Boolean,
        10 when name.SequenceEqual("methodCall"u8) => Tag.MethodCall,
        10 when name.SequenceEqual("methodName"u8) => Tag.MethodName,
        14 when name.SequenceEqual("methodResponse"u8) => Tag.MethodResponse,
        16 when name.SequenceEqual("dateTime.iso8601"u8) => Tag.DateTime,
        _ => Tag.Other,
    };
}
