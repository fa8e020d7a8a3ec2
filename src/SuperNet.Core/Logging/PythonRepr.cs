using System.Globalization;
using System.Text;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Logging;

/// <summary>Python's repr() of str and bytes, which supervisord's log messages embed (<c>'name'</c>, <c>b'…'</c>).</summary>
public static class PythonRepr
{
    /// <summary>Python's repr() of a str; the one implementation is Config's <see cref="PyText.Repr"/>.</summary>
    public static string Str(string value) => PyText.Repr(value);

    private static readonly UTF8Encoding StrictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Child output as supervisord shows it in text: UTF-8, or <c>Undecodable: b'…'</c> when it is not.</summary>
    public static string Utf8OrUndecodable(ReadOnlySpan<byte> data)
    {
        try
        {
            return StrictUtf8.GetString(data);
        }
        catch (DecoderFallbackException)
        {
            return "Undecodable: " + Bytes(data);
        }
    }

    public static string Bytes(ReadOnlySpan<byte> value)
    {
        char quote = value.Contains((byte)'\'') && !value.Contains((byte)'"') ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 3).Append('b').Append(quote);
        foreach (byte b in value)
        {
            if (b == quote || b == '\\')
                sb.Append('\\').Append((char)b);
            else if (b == '\n')
                sb.Append("\\n");
            else if (b == '\r')
                sb.Append("\\r");
            else if (b == '\t')
                sb.Append("\\t");
            else if (b is >= 0x20 and < 0x7f)
                sb.Append((char)b);
            else
                sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }
        return sb.Append(quote).ToString();
    }
}
