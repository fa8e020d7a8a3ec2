using System.Globalization;

namespace SuperNet.XmlRpc;

/// <summary>
/// One XML-RPC value. Records give structural equality so round-trip tests and golden comparisons
/// can compare whole trees; arrays, structs and base64 override it to compare contents.
/// </summary>
public abstract record XmlRpcValue
{
    public static implicit operator XmlRpcValue(int value) => new XmlRpcInt(value);
    public static implicit operator XmlRpcValue(long value) => new XmlRpcInt(value);
    public static implicit operator XmlRpcValue(bool value) => value ? XmlRpcBoolean.True : XmlRpcBoolean.False;
    public static implicit operator XmlRpcValue(string value) => new XmlRpcString(value);
    public static implicit operator XmlRpcValue(double value) => new XmlRpcDouble(value);

    public static XmlRpcValue Nil { get; } = new XmlRpcNil();

    /// <summary>Short type name for error messages ("int", "string", "array"...).</summary>
    public abstract string TypeName { get; }

    public long AsLong() => Tree is XmlRpcInt i ? i.Value : throw Mismatch("int");
    public bool AsBool() => Tree is XmlRpcBoolean b ? b.Value : throw Mismatch("boolean");
    public string AsString() => Tree is XmlRpcString s ? s.Value : throw Mismatch("string");
    public IReadOnlyList<XmlRpcValue> AsArray() => Tree is XmlRpcArray a ? a.Items : throw Mismatch("array");
    public XmlRpcStruct AsStruct() => Tree as XmlRpcStruct ?? throw Mismatch("struct");

    /// <summary>This value as a tree: an <see cref="XmlRpcEncoded"/> one expanded.</summary>
    public XmlRpcValue Tree => this is XmlRpcEncoded encoded ? encoded.Expand() : this;

    /// <summary>
    /// A record's ToString prints every public property; <see cref="Tree"/> is the value itself, so printing it
    /// recursed until .NET's InsufficientExecutionStackException (an array or struct's ToString).
    /// </summary>
    protected virtual bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("TypeName = ").Append(TypeName);
        return true;
    }

    /// <summary>The int value clamped into int32, as supervisord clamps timestamps.</summary>
    public int AsInt() => XmlRpcInt.Clamp(AsLong());

    private InvalidCastException Mismatch(string wanted) =>
        new($"XML-RPC value is {TypeName}, expected {wanted}");
}

/// <summary>int/i4 (i8 accepted on input). Held as long; written clamped to int32 (trap 23).</summary>
public sealed record XmlRpcInt(long Value) : XmlRpcValue
{
    public override string TypeName => "int";
    public static int Clamp(long value) => (int)Math.Clamp(value, int.MinValue, int.MaxValue);
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// An int in an answer beyond 64 bits, which Python's xmlrpc.client reads as it reads any int (client side only;
/// our writer never makes one: Python's refuses ints beyond 32 bits too).
/// </summary>
public sealed record XmlRpcBigInteger(System.Numerics.BigInteger Value) : XmlRpcValue
{
    public override string TypeName => "int";
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

public sealed record XmlRpcBoolean(bool Value) : XmlRpcValue
{
    public static XmlRpcBoolean True { get; } = new(true);
    public static XmlRpcBoolean False { get; } = new(false);
    public override string TypeName => "boolean";
    public override string ToString() => Value ? "True" : "False";
}

public sealed record XmlRpcString(string Value) : XmlRpcValue
{
    public override string TypeName => "string";
    public override string ToString() => Value;
}

public sealed record XmlRpcDouble(double Value) : XmlRpcValue
{
    public override string TypeName => "double";
    public override string ToString() => Value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>dateTime.iso8601 without a zone, as Python writes and reads it.</summary>
public sealed record XmlRpcDateTime(DateTime Value) : XmlRpcValue
{
    public const string Format = "yyyyMMdd'T'HH':'mm':'ss";
    public override string TypeName => "dateTime.iso8601";
    public override string ToString() => Value.ToString(Format, CultureInfo.InvariantCulture);
}

public sealed record XmlRpcBase64(byte[] Value) : XmlRpcValue
{
    public override string TypeName => "base64";
    public bool Equals(XmlRpcBase64? other) => other is not null && Value.AsSpan().SequenceEqual(other.Value);
    public override int GetHashCode() => Value.Length;
}

public sealed record XmlRpcNil : XmlRpcValue
{
    public override string TypeName => "nil";
    public override string ToString() => "None";
}

public sealed record XmlRpcArray(IReadOnlyList<XmlRpcValue> Items) : XmlRpcValue
{
    public static XmlRpcArray Empty { get; } = new([]);

    /// <summary>
    /// An array whose items are made from <paramref name="source"/> each time they are read. The writer reads
    /// them one at a time (<see cref="XmlRpcWriter.WriteResponsePieces"/>), so a large answer's tree never exists whole.
    /// </summary>
    public static XmlRpcArray Lazy<T>(IReadOnlyList<T> source, Func<T, XmlRpcValue> make) => new(new Projection<T>(source, make));

    /// <summary>
    /// As <see cref="Lazy{T}(IReadOnlyList{T}, Func{T, XmlRpcValue})"/>, and the writer has <paramref name="write"/>
    /// write each item straight into the answer, with no value made per item (getAllProcessInfo at 1000 programs
    /// made 1000 per call). <paramref name="write"/> must write the bytes the writer makes of <paramref name="make"/>'s value.
    /// </summary>
    public static XmlRpcArray Lazy<T>(IReadOnlyList<T> source, Func<T, XmlRpcValue> make, Action<T, Utf8Buffer> write) =>
        new(new WritingProjection<T>(source, make, write));

    public override string TypeName => "array";
    public bool Equals(XmlRpcArray? other) => other is not null && Items.SequenceEqual(other.Items);
    public override int GetHashCode() => Items.Count;
}

/// <summary>A struct keeps member order: supervisord's answers list members in a fixed order.</summary>
public sealed record XmlRpcStruct(IReadOnlyList<KeyValuePair<string, XmlRpcValue>> Members) : XmlRpcValue
{
    public override string TypeName => "struct";

    /// <summary>The member's value (the last one if a name repeats, as a Python dict keeps it); null if absent.</summary>
    public XmlRpcValue? this[string name]
    {
        get
        {
            for (var i = Members.Count - 1; i >= 0; i--)
            {
                if (Members[i].Key == name)
                {
                    return Members[i].Value;
                }
            }
            return null;
        }
    }

    public bool Equals(XmlRpcStruct? other) => other is not null && Members.SequenceEqual(other.Members);
    public override int GetHashCode() => Members.Count;
}

/// <summary>
/// A value already serialized (UTF-8) by <see cref="XmlRpcWriter.Serialize"/>: written verbatim. Lets a server drop
/// a large answer's tree as soon as it is made (system.multicall) and know its size.
/// </summary>
public sealed record XmlRpcSerialized(byte[] Xml) : XmlRpcValue
{
    public override string TypeName => "serialized";
}


internal class Projection<T>(IReadOnlyList<T> source, Func<T, XmlRpcValue> make) : IReadOnlyList<XmlRpcValue>
{
    protected IReadOnlyList<T> Source => source;

    public XmlRpcValue this[int index] => make(source[index]);
    public int Count => source.Count;

    public IEnumerator<XmlRpcValue> GetEnumerator()
    {
        foreach (var item in source)
        {
            yield return make(item);
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

internal sealed class WritingProjection<T>(IReadOnlyList<T> source, Func<T, XmlRpcValue> make, Action<T, Utf8Buffer> write)
    : Projection<T>(source, make), IItemWriter
{
    public void WriteItem(int index, Utf8Buffer output) => write(Source[index], output);
}
