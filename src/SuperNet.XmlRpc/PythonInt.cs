using System.Globalization;
using System.Numerics;
using System.Text;

namespace SuperNet.XmlRpc;

/// <summary>
/// Python 3.11's int(text) in base 10, which supervisorctl applies to every int in an answer (xmlrpc.client) and to
/// a Content-Length (http.client): white space around it, a sign, any Unicode decimal digit, single underscores
/// between digits; and more than 4300 digits refused before any arithmetic (sys.int_info.default_max_str_digits),
/// which also spares the quadratic conversion of a hostile server's million-digit number.
/// </summary>
public static class PythonInt
{
    public const int MaxDigits = 4300;

    public enum Outcome { Value, InvalidLiteral, TooManyDigits }

    /// <param name="digits">For <see cref="Outcome.TooManyDigits"/>, how many digits Python counted.</param>
    public static Outcome Parse(string text, out BigInteger value, out int digits)
    {
        value = BigInteger.Zero;
        var ascii = ToAscii(text);
        var i = 0;
        while (i < ascii.Length && ascii[i] == ' ')
        {
            i++;
        }
        var negative = false;
        if (i < ascii.Length && ascii[i] is '+' or '-')
        {
            negative = ascii[i++] == '-';
        }
        digits = 0;
        if (i < ascii.Length && ascii[i] == '_')
        {
            return Outcome.InvalidLiteral;
        }
        var kept = new StringBuilder();
        var previous = '\0';
        for (; i < ascii.Length && (char.IsAsciiDigit(ascii[i]) || ascii[i] == '_'); i++)
        {
            if (ascii[i] == '_')
            {
                if (previous == '_')
                {
                    return Outcome.InvalidLiteral;
                }
            }
            else
            {
                digits++;
                kept.Append(ascii[i]);
            }
            previous = ascii[i];
        }
        if (previous == '_')
        {
            return Outcome.InvalidLiteral;
        }
        // Counted before what follows the digits is looked at: "1" * 4301 + "x" is too long, not a bad literal.
        if (digits > MaxDigits)
        {
            return Outcome.TooManyDigits;
        }
        while (i < ascii.Length && ascii[i] == ' ')
        {
            i++;
        }
        if (digits == 0 || i < ascii.Length)
        {
            return Outcome.InvalidLiteral;
        }
        value = BigInteger.Parse(kept.ToString(), NumberStyles.None, CultureInfo.InvariantCulture);
        if (negative)
        {
            value = -value;
        }
        return Outcome.Value;
    }

    /// <summary>
    /// Python's first step: white space becomes a space, a decimal digit its ASCII digit, other non-ASCII '?'. Its
    /// white space here is .NET's: str.isspace() beyond ASCII, and only tab to CR and the space within it (U+001C..
    /// U+001F pass through and then fail as any other character).
    /// </summary>
    private static string ToAscii(string text)
    {
        var ascii = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                ascii.Append(' ');
            }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
            {
                ascii.Append((char)('0' + (int)Rune.GetNumericValue(rune)));
            }
            else
            {
                ascii.Append(rune.IsAscii ? (char)rune.Value : '?');
            }
        }
        return ascii.ToString();
    }
}
