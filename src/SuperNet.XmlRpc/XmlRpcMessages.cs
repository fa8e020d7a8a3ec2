namespace SuperNet.XmlRpc;

/// <summary>A fault as carried on the wire: faultCode and faultString.</summary>
public sealed record XmlRpcFault(int Code, string Message)
{
    /// <summary>
    /// The code as the answer spelled it: Python's xmlrpc.client keeps an int of any width, and supervisorctl
    /// prints it; <see cref="Code"/> holds it clamped to 32 bits, equal to no fault code a server defines.
    /// </summary>
    public System.Numerics.BigInteger ExactCode { get; init; } = Code;

    public override string ToString() => $"<Fault {ExactCode}: '{Message}'>";
}

/// <summary>A parsed &lt;methodCall&gt;. MethodName is never null or empty (that is a parse error).</summary>
public sealed record XmlRpcMethodCall(string MethodName, IReadOnlyList<XmlRpcValue> Params)
{
    public bool Equals(XmlRpcMethodCall? other) =>
        other is not null && MethodName == other.MethodName && Params.SequenceEqual(other.Params);

    public override int GetHashCode() => MethodName.GetHashCode(StringComparison.Ordinal);
}

/// <summary>A parsed &lt;methodResponse&gt;: exactly one of Value and Fault is set.</summary>
public sealed record XmlRpcResponse
{
    private XmlRpcResponse(XmlRpcValue? value, XmlRpcFault? fault)
    {
        Value = value;
        Fault = fault;
    }

    public XmlRpcValue? Value { get; }
    public XmlRpcFault? Fault { get; }

    public static XmlRpcResponse Success(XmlRpcValue value) => new(value, null);
    public static XmlRpcResponse Failure(XmlRpcFault fault) => new(null, fault);
}

/// <summary>The body is not acceptable XML-RPC: malformed, a DTD, too big, too deep, a bad value.</summary>
public sealed class XmlRpcParseException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>
    /// What expat (Python's xmlrpc.client) says of the same document, where the scanner knows it: supervisorctl prints
    /// that text, so supernetctl does too.
    /// </summary>
    public string? ExpatText { get; init; }
}

/// <summary>
/// An answer's int that Python's int() refuses, so supervisorctl reports a ValueError: no literal, or more than
/// <see cref="PythonInt.MaxDigits"/> digits (<see cref="Digits"/> then says how many).
/// </summary>
public sealed class XmlRpcIntException(string text, int? digits)
    : Exception(digits is null ? "not an int: " + text : $"an int of {digits} digits")
{
    public string Text { get; } = text;
    public int? Digits { get; } = digits;
}

/// <summary>Bounds on what a reader accepts, so a hostile body costs bounded memory and stack.</summary>
public sealed record XmlRpcLimits
{
    /// <summary>
    /// Requests: supervisorctl's are tiny; 16 Mi characters leaves room for sendProcessStdin payloads. The codec's own
    /// bound: supernetd's server already refuses a body over 2 MiB before reading it (ServerLimits.MaxRequestBodyBytes).
    /// </summary>
    public static XmlRpcLimits Request { get; } = new() { MaxCharacters = 16L << 20, MaxDepth = 64 };

    /// <summary>Responses can carry whole log files (readLog with offset 0, length 0).</summary>
    public static XmlRpcLimits Response { get; } = new() { MaxCharacters = 512L << 20, MaxDepth = 64 };

    public long MaxCharacters { get; init; }
    /// <summary>Nesting of arrays and structs inside one parameter.</summary>
    public int MaxDepth { get; init; }
}
