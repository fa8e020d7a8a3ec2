using System.Text;

namespace SuperNet.Core.Processes;

/// <summary>Python's repr() of a str, which supervisord uses to quote paths and commands in spawn errors (§3.8).</summary>
public static class PyRepr
{
    public static string Of(string text)
    {
        var quote = text.Contains('\'') && !text.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var rune in text.EnumerateRunes())
        {
            var v = rune.Value;
            if (v == quote || v == '\\')
            {
                sb.Append('\\').Append((char)v);
            }
            else if (v == '\n')
            {
                sb.Append("\\n");
            }
            else if (v == '\r')
            {
                sb.Append("\\r");
            }
            else if (v == '\t')
            {
                sb.Append("\\t");
            }
            else if (v < 0x20 || v == 0x7f)
            {
                sb.Append("\\x").Append(v.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                sb.Append(rune.ToString());
            }
        }
        return sb.Append(quote).ToString();
    }
}
