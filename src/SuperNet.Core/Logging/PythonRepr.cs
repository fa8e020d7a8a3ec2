using System.Globalization;
using System.Text;

namespace SuperNet.Core.Logging;

/// <summary>Python's repr() of str and bytes, which supervisord's log messages embed (<c>'name'</c>, <c>b'…'</c>).</summary>
public static class PythonRepr
{
    public static string Str(string value)
    {
        char quote = value.Contains('\'') && !value.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(value.Length + 2).Append(quote);
        foreach (Rune rune in value.EnumerateRunes())
        {
            int c = rune.Value;
            if (c == quote || c == '\\')
                sb.Append('\\').Append((char)c);
            else if (c == '\n')
                sb.Append("\\n");
            else if (c == '\r')
                sb.Append("\\r");
            else if (c == '\t')
                sb.Append("\\t");
            else if (IsPrintable(rune))
                sb.Append(rune.ToString());
            else if (c < 0x100)
                sb.Append("\\x").Append(c.ToString("x2", CultureInfo.InvariantCulture));
            else if (c < 0x10000)
                sb.Append("\\u").Append(c.ToString("x4", CultureInfo.InvariantCulture));
            else
                sb.Append("\\U").Append(c.ToString("x8", CultureInfo.InvariantCulture));
        }
        return sb.Append(quote).ToString();
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

    // Python's str.isprintable: everything but the "Other" and "Separator" categories, except the space.
    private static bool IsPrintable(Rune rune)
    {
        if (rune.Value == ' ')
            return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or
            UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or
            UnicodeCategory.ParagraphSeparator or UnicodeCategory.SpaceSeparator => false,
            _ => true,
        };
    }
}
