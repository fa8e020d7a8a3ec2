using System.Globalization;
using System.Text;
using System.Xml;

namespace SuperNet.XmlRpc;

/// <summary>
/// Parses calls (server side) and responses (client side). DTDs are refused outright, so neither
/// external entities nor entity expansion bombs reach us; size and nesting are bounded by XmlRpcLimits.
/// Every rejection is an XmlRpcParseException.
/// </summary>
public static class XmlRpcReader
{
    public static XmlRpcMethodCall ReadMethodCall(Stream body, XmlRpcLimits? limits = null)
    {
        limits ??= XmlRpcLimits.Request;
        return Run(body, limits, r => ParseCall(r, limits.MaxDepth));
    }

    public static XmlRpcMethodCall ReadMethodCall(byte[] body, XmlRpcLimits? limits = null) =>
        ReadMethodCall(new MemoryStream(body, writable: false), limits);

    public static XmlRpcResponse ReadResponse(Stream body, XmlRpcLimits? limits = null)
    {
        limits ??= XmlRpcLimits.Response;
        return Run(body, limits, r => ParseResponse(r, limits.MaxDepth));
    }

    public static XmlRpcResponse ReadResponse(byte[] body, XmlRpcLimits? limits = null) =>
        ReadResponse(new MemoryStream(body, writable: false), limits);

    private static T Run<T>(Stream body, XmlRpcLimits limits, Func<XmlReader, T> parse)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = limits.MaxCharacters,
            MaxCharactersFromEntities = 1024,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            // Accepts the character references our writer uses for control characters (XmlRpcWriter.Escape).
            CheckCharacters = false,
            CloseInput = false,
        };
        try
        {
            using var reader = XmlReader.Create(body, settings);
            var result = parse(reader);
            while (reader.Read())
            {
                // Drain to the end so trailing garbage is reported as malformed.
            }
            return result;
        }
        catch (XmlException e)
        {
            throw new XmlRpcParseException("malformed XML: " + e.Message, e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            // System.Xml's reader fails this way on some encoding declarations it cannot switch to (found by
            // fuzz/run.sh xmlrpc; the input is in fuzz/regressions/xmlrpc): a malformed document all the same.
            throw new XmlRpcParseException("malformed XML: " + e.Message, e);
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new XmlRpcParseException("bad XML-RPC value: " + e.Message, e);
        }
    }

    private static XmlRpcMethodCall ParseCall(XmlReader r, int maxDepth)
    {
        EnterRoot(r, "methodCall");
        string? name = null;
        IReadOnlyList<XmlRpcValue> parameters = [];
        if (EnterChildren(r))
        {
            while (MoveToChildElement(r))
            {
                switch (r.LocalName)
                {
                    case "methodName":
                        name = r.ReadElementContentAsString();
                        break;
                    case "params":
                        parameters = ParseParams(r, maxDepth);
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

    private static XmlRpcResponse ParseResponse(XmlReader r, int maxDepth)
    {
        EnterRoot(r, "methodResponse");
        XmlRpcResponse? response = null;
        if (EnterChildren(r))
        {
            while (MoveToChildElement(r))
            {
                switch (r.LocalName)
                {
                    case "params":
                        var values = ParseParams(r, maxDepth);
                        if (values.Count != 1)
                        {
                            throw new XmlRpcParseException($"a response carries one value, not {values.Count}");
                        }
                        response = XmlRpcResponse.Success(values[0]);
                        break;
                    case "fault":
                        response = XmlRpcResponse.Failure(ParseFault(r, maxDepth));
                        break;
                    default:
                        r.Skip();
                        break;
                }
            }
        }
        return response ?? throw new XmlRpcParseException("methodResponse has neither params nor fault");
    }

    private static XmlRpcFault ParseFault(XmlReader r, int maxDepth)
    {
        XmlRpcValue? value = null;
        if (EnterChildren(r))
        {
            while (MoveToChildElement(r))
            {
                if (r.LocalName == "value")
                {
                    value = ParseValue(r, 0, maxDepth);
                }
                else
                {
                    r.Skip();
                }
            }
        }
        if (value is XmlRpcStruct s && s["faultCode"] is XmlRpcInt code && s["faultString"] is XmlRpcString text)
        {
            return new XmlRpcFault(XmlRpcInt.Clamp(code.Value), text.Value);
        }
        throw new XmlRpcParseException("fault is not a {faultCode, faultString} struct");
    }

    private static List<XmlRpcValue> ParseParams(XmlReader r, int maxDepth)
    {
        var values = new List<XmlRpcValue>();
        if (!EnterChildren(r))
        {
            return values;
        }
        while (MoveToChildElement(r))
        {
            if (r.LocalName != "param")
            {
                r.Skip();
                continue;
            }
            XmlRpcValue? value = null;
            if (EnterChildren(r))
            {
                while (MoveToChildElement(r))
                {
                    if (r.LocalName == "value" && value is null)
                    {
                        value = ParseValue(r, 0, maxDepth);
                    }
                    else
                    {
                        throw new XmlRpcParseException($"unexpected <{r.LocalName}> in <param>");
                    }
                }
            }
            values.Add(value ?? throw new XmlRpcParseException("<param> without <value>"));
        }
        return values;
    }

    /// <summary>At a &lt;value&gt; start tag; consumes through its end tag.</summary>
    private static XmlRpcValue ParseValue(XmlReader r, int depth, int maxDepth)
    {
        if (r.IsEmptyElement)
        {
            r.Read();
            return new XmlRpcString("");
        }
        r.Read();
        var text = new StringBuilder();
        XmlRpcValue? typed = null;
        while (true)
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(r.Value);
                    r.Read();
                    break;
                case XmlNodeType.Element when typed is null:
                    typed = ParseTyped(r, depth, maxDepth);
                    break;
                case XmlNodeType.Element:
                    throw new XmlRpcParseException("<value> holds more than one value");
                case XmlNodeType.EndElement:
                    r.Read();
                    return typed ?? new XmlRpcString(text.ToString());
                case XmlNodeType.None:
                    throw new XmlRpcParseException("unexpected end of document");
                default:
                    r.Read();
                    break;
            }
        }
    }

    private static XmlRpcValue ParseTyped(XmlReader r, int depth, int maxDepth)
    {
        switch (r.LocalName)
        {
            case "int" or "i4" or "i8":
                return new XmlRpcInt(long.Parse(r.ReadElementContentAsString().Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
            case "boolean":
                return r.ReadElementContentAsString() == "1" ? XmlRpcBoolean.True : XmlRpcBoolean.False;
            case "string":
                return new XmlRpcString(r.ReadElementContentAsString());
            case "double":
                return new XmlRpcDouble(ParseDouble(r.ReadElementContentAsString().Trim()));
            case "dateTime.iso8601":
                return new XmlRpcDateTime(DateTime.ParseExact(r.ReadElementContentAsString().Trim(), XmlRpcDateTime.Format, CultureInfo.InvariantCulture));
            case "base64":
                return new XmlRpcBase64(Convert.FromBase64String(r.ReadElementContentAsString()));
            case "nil":
                r.Skip();
                return XmlRpcValue.Nil;
            case "array":
                CheckDepth(depth, maxDepth);
                return ParseArray(r, depth + 1, maxDepth);
            case "struct":
                CheckDepth(depth, maxDepth);
                return ParseStruct(r, depth + 1, maxDepth);
            default:
                throw new XmlRpcParseException($"unknown XML-RPC type <{r.LocalName}>");
        }
    }

    private static XmlRpcArray ParseArray(XmlReader r, int depth, int maxDepth)
    {
        var items = new List<XmlRpcValue>();
        if (!EnterChildren(r))
        {
            return new XmlRpcArray(items);
        }
        while (MoveToChildElement(r))
        {
            if (r.LocalName != "data")
            {
                throw new XmlRpcParseException($"unexpected <{r.LocalName}> in <array>");
            }
            if (!EnterChildren(r))
            {
                continue;
            }
            while (MoveToChildElement(r))
            {
                if (r.LocalName != "value")
                {
                    throw new XmlRpcParseException($"unexpected <{r.LocalName}> in <data>");
                }
                items.Add(ParseValue(r, depth, maxDepth));
            }
        }
        return new XmlRpcArray(items);
    }

    private static XmlRpcStruct ParseStruct(XmlReader r, int depth, int maxDepth)
    {
        var members = new List<KeyValuePair<string, XmlRpcValue>>();
        if (!EnterChildren(r))
        {
            return new XmlRpcStruct(members);
        }
        while (MoveToChildElement(r))
        {
            if (r.LocalName != "member")
            {
                throw new XmlRpcParseException($"unexpected <{r.LocalName}> in <struct>");
            }
            string? name = null;
            XmlRpcValue? value = null;
            if (EnterChildren(r))
            {
                while (MoveToChildElement(r))
                {
                    switch (r.LocalName)
                    {
                        case "name":
                            name = r.ReadElementContentAsString();
                            break;
                        case "value":
                            value = ParseValue(r, depth, maxDepth);
                            break;
                        default:
                            throw new XmlRpcParseException($"unexpected <{r.LocalName}> in <member>");
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

    private static void EnterRoot(XmlReader r, string name)
    {
        if (r.MoveToContent() != XmlNodeType.Element || r.LocalName != name)
        {
            throw new XmlRpcParseException($"expected <{name}>");
        }
    }

    /// <summary>At a start tag: steps inside it, or past it when empty (then returns false).</summary>
    private static bool EnterChildren(XmlReader r)
    {
        var empty = r.IsEmptyElement;
        r.Read();
        return !empty;
    }

    /// <summary>Moves to the next child start tag, or consumes the parent's end tag and returns false.</summary>
    private static bool MoveToChildElement(XmlReader r)
    {
        while (true)
        {
            switch (r.NodeType)
            {
                case XmlNodeType.Element:
                    return true;
                case XmlNodeType.EndElement:
                    r.Read();
                    return false;
                case XmlNodeType.None:
                    throw new XmlRpcParseException("unexpected end of document");
                case XmlNodeType.Text or XmlNodeType.CDATA when !string.IsNullOrWhiteSpace(r.Value):
                    throw new XmlRpcParseException("unexpected text between XML-RPC elements");
                default:
                    r.Read();
                    break;
            }
        }
    }
}
