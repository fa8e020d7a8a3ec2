using System.Globalization;
using System.Text;

namespace SuperNet.Core.Config.Python;

/// <summary>
/// Python's <c>str % dict</c> operator, which supervisord applies to configuration values (contract §4.3).
/// Values are strings or integers. Errors surface as supervisord's "cannot be expanded" and
/// "badly formatted" texts.
/// </summary>
internal static class PyFormat
{
    public static string Expand(string format, ExpansionNames names, string label)
    {
        try
        {
            return Format(format, names);
        }
        catch (OutOfMemoryException)
        {
            // A width or precision Python accepts but whose text cannot be allocated: its MemoryError has no message.
            throw new ConfigException($"Format string {PyText.Repr(format)} for {PyText.Repr(label)} is badly formatted: ");
        }
        catch (MissingNameException ex)
        {
            var available = names.Keys.OrderBy(k => k, StringComparer.Ordinal);
            throw new ConfigException(
                $"Format string {PyText.Repr(format)} for {PyText.Repr(label)} contains names ({PyText.Repr(ex.Name)}) " +
                $"which cannot be expanded. Available names: {string.Join(", ", available)}");
        }
        catch (BadFormatException ex)
        {
            throw new ConfigException(
                $"Format string {PyText.Repr(format)} for {PyText.Repr(label)} is badly formatted: {ex.Message}");
        }
    }

    private sealed class MissingNameException(string name) : Exception(name)
    {
        public string Name { get; } = name;
    }

    private sealed class BadFormatException(string message) : Exception(message);

    private static string Format(string fmt, ExpansionNames names)
    {
        var sb = new StringBuilder(fmt.Length);
        int i = 0;

        // Python's one argument: the whole mapping at first, a key's value from that key on. '*' and the
        // conversion each take it, and then it has run dry until the next key.
        object? pending = names;
        object NextArg()
        {
            var next = pending ?? throw new BadFormatException("not enough arguments for format string");
            pending = null;
            return next;
        }

        while (i < fmt.Length)
        {
            char c = fmt[i++];
            if (c != '%') { sb.Append(c); continue; }
            if (i >= fmt.Length) throw new BadFormatException("incomplete format");
            if (fmt[i] == '%') { sb.Append('%'); i++; continue; }

            if (fmt[i] == '(')
            {
                int depth = 1, keyStart = ++i;
                while (i < fmt.Length && depth > 0)
                {
                    if (fmt[i] == '(') depth++;
                    else if (fmt[i] == ')') depth--;
                    i++;
                }
                if (depth > 0) throw new BadFormatException("incomplete format key");
                string key = fmt[keyStart..(i - 1)];
                if (!names.TryGetValue(key, out pending)) throw new MissingNameException(key);
            }

            bool left = false, plus = false, space = false, alt = false, zero = false;
            for (; i < fmt.Length; i++)
            {
                switch (fmt[i])
                {
                    case '-': left = true; continue;
                    case '+': plus = true; continue;
                    case ' ': space = true; continue;
                    case '#': alt = true; continue;
                    case '0': zero = true; continue;
                }
                break;
            }

            long width = -1;
            int precision = -1;
            if (i < fmt.Length && fmt[i] == '*')
            {
                i++;
                if (NextArg() is not long) throw new BadFormatException("* wants int");
            }
            else width = ReadNumber(fmt, ref i, long.MaxValue, "width too big");
            if (i < fmt.Length && fmt[i] == '.')
            {
                i++;
                if (i < fmt.Length && fmt[i] == '*')
                {
                    i++;
                    if (NextArg() is not long) throw new BadFormatException("* wants int");
                }
                else precision = (int)Math.Max(0, ReadNumber(fmt, ref i, int.MaxValue, "precision too big"));
            }
            if (i < fmt.Length && fmt[i] is 'h' or 'l' or 'L') i++;
            if (i >= fmt.Length) throw new BadFormatException("incomplete format");
            char conv = fmt[i];
            int convIndex = i++;
            var value = NextArg();
            if ("sradiuoxXeEfFgGc".IndexOf(conv) < 0)
            {
                throw Unsupported(fmt, convIndex);
            }

            var spec = new Spec(left, plus, space, alt, zero, width, precision, conv);
            sb.Append(Convert(value, spec));
        }
        return sb.ToString();
    }

    /// <summary>Python names the character only when it is printable ASCII or 0x1f, and counts the index in code points.</summary>
    private static BadFormatException Unsupported(string fmt, int index)
    {
        int code = char.IsHighSurrogate(fmt[index]) && index + 1 < fmt.Length && char.IsLowSurrogate(fmt[index + 1])
            ? char.ConvertToUtf32(fmt[index], fmt[index + 1])
            : fmt[index];
        char shown = code is >= 31 and <= 126 ? (char)code : '?';
        int position = 0;
        for (int k = 0; k < index; k++)
        {
            if (!char.IsLowSurrogate(fmt[k]) || k == 0 || !char.IsHighSurrogate(fmt[k - 1])) position++;
        }
        return new BadFormatException(string.Create(CultureInfo.InvariantCulture,
            $"unsupported format character '{shown}' (0x{code:x}) at index {position}"));
    }

    /// <summary>A width or precision; past <paramref name="max"/> Python stops with <paramref name="tooBig"/>.</summary>
    private static long ReadNumber(string fmt, ref int i, long max, string tooBig)
    {
        int start = i;
        long value = 0;
        for (; i < fmt.Length && char.IsAsciiDigit(fmt[i]); i++)
        {
            int digit = fmt[i] - '0';
            if (value > (max - digit) / 10) throw new BadFormatException(tooBig);
            value = value * 10 + digit;
        }
        return i == start ? -1 : value;
    }

    private readonly record struct Spec(
        bool Left, bool Plus, bool Space, bool Alt, bool Zero, long Width, int Precision, char Conv);

    // The longest text a .NET string holds; Python would try to allocate more and fail with MemoryError.
    private const int MaxText = 0x3FFFFFDF;

    private static int TextWidth(long width) => width <= MaxText ? (int)width : throw OutOfMemory();

    /// <summary>Python's MemoryError, which has no text.</summary>
    private static BadFormatException OutOfMemory() => new("");

    private static string TypeName(object v) => v switch
    {
        string => "str",
        long => "int",
        _ => "dict",
    };

    private static string Convert(object value, Spec s)
    {
        switch (s.Conv)
        {
            case 's' or 'r' or 'a':
                string text = value switch
                {
                    string str => s.Conv == 's' ? str : s.Conv == 'r' ? PyText.Repr(str) : AsciiRepr(str),
                    long n => n.ToString(CultureInfo.InvariantCulture),
                    ExpansionNames d => d.PythonRepr(),
                    _ => value.ToString() ?? "",
                };
                if (s.Precision >= 0 && text.Length > s.Precision) text = text[..s.Precision];
                return Pad(text, s.Width, s.Left);
            case 'c':
                string ch = value switch
                {
                    long n when n is >= 0 and < 0x110000 => char.ConvertFromUtf32((int)n),
                    long => throw new BadFormatException("%c arg not in range(0x110000)"),
                    string str when str.Length == 1 => str,
                    _ => throw new BadFormatException("%c requires int or char"),
                };
                return Pad(ch, s.Width, s.Left);
            case 'd' or 'i' or 'u' or 'o' or 'x' or 'X':
                if (value is not long num)
                {
                    string what = s.Conv is 'o' or 'x' or 'X' ? "an integer" : "a real number";
                    throw new BadFormatException($"%{s.Conv} format: {what} is required, not {TypeName(value)}");
                }
                return FormatInteger(num, s);
            default:
                if (value is not long f) throw new BadFormatException($"must be real number, not {TypeName(value)}");
                return FormatFloat(f, s);
        }
    }

    private static string AsciiRepr(string s)
    {
        var repr = PyText.Repr(s);
        var sb = new StringBuilder();
        foreach (var r in repr.EnumerateRunes())
        {
            if (r.Value < 0x80) sb.Append((char)r.Value);
            else if (r.Value <= 0xff) sb.Append(CultureInfo.InvariantCulture, $"\\x{r.Value:x2}");
            else if (r.Value <= 0xffff) sb.Append(CultureInfo.InvariantCulture, $"\\u{r.Value:x4}");
            else sb.Append(CultureInfo.InvariantCulture, $"\\U{r.Value:x8}");
        }
        return sb.ToString();
    }

    private static string Pad(string text, long width, bool left) =>
        width <= text.Length ? text : left ? text.PadRight(TextWidth(width)) : text.PadLeft(TextWidth(width));

    private static string SignOf(bool negative, Spec s) => negative ? "-" : s.Plus ? "+" : s.Space ? " " : "";

    private static string FormatInteger(long n, Spec s)
    {
        // Python's integer formatting refuses these before building anything.
        if (s.Precision > int.MaxValue - 3) throw new BadFormatException("precision too large");
        bool negative = n < 0;
        ulong magnitude = negative ? (ulong)(-(n + 1)) + 1 : (ulong)n;
        string digits = s.Conv switch
        {
            'o' => System.Convert.ToString((long)magnitude, 8),
            'x' => magnitude.ToString("x", CultureInfo.InvariantCulture),
            'X' => magnitude.ToString("X", CultureInfo.InvariantCulture),
            _ => magnitude.ToString(CultureInfo.InvariantCulture),
        };
        if (s.Precision > digits.Length) digits = digits.PadLeft(s.Precision, '0');
        string prefix = !s.Alt ? "" : s.Conv switch { 'o' => "0o", 'x' => "0x", 'X' => "0X", _ => "" };
        return Assemble(SignOf(negative, s) + prefix, digits, s);
    }

    private static string Assemble(string prefix, string body, Spec s)
    {
        int len = prefix.Length + body.Length;
        if (s.Width <= len) return prefix + body;
        int width = TextWidth(s.Width);
        if (s.Left) return (prefix + body).PadRight(width);
        if (s.Zero) return prefix + body.PadLeft(width - prefix.Length, '0');
        return (prefix + body).PadLeft(width);
    }

    private static string FormatFloat(long n, Spec s)
    {
        double v = n;
        bool negative = v < 0;
        v = Math.Abs(v);
        int precision = s.Precision < 0 ? 6 : s.Precision;
        // .NET formats at most this many digits; Python would build a text of a gigabyte or more.
        if (precision > 999_999_999) throw OutOfMemory();
        string body = char.ToLowerInvariant(s.Conv) switch
        {
            'e' => Exponential(v, precision, s.Alt),
            'f' => Fixed(v, precision, s.Alt),
            _ => General(v, precision == 0 ? 1 : precision, s.Alt),
        };
        if (char.IsUpper(s.Conv)) body = body.ToUpperInvariant();
        return Assemble(SignOf(negative, s), body, s);
    }

    private static string Fixed(double v, int precision, bool alt)
    {
        string r = v.ToString("F" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        return alt && precision == 0 ? r + "." : r;
    }

    private static string Exponential(double v, int precision, bool alt)
    {
        if (precision > MaxRoundingDigits) return ExactExponential(v, precision);
        int exp = v == 0 ? 0 : (int)Math.Floor(Math.Log10(v));
        double mantissa = v == 0 ? 0 : v / Math.Pow(10, exp);
        string m = Fixed(Math.Round(mantissa, precision), precision, alt);
        if (m.StartsWith("10", StringComparison.Ordinal))
        {
            exp++;
            m = Fixed(Math.Round(v / Math.Pow(10, exp), precision), precision, alt);
        }
        return string.Create(CultureInfo.InvariantCulture, $"{m}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}");
    }

    // Math.Round takes at most 15 digits. Past them .NET's own exponent format, which like Python's works from the
    // double's exact value, gives the same digits (the values here are integers, exact up to 2^53).
    private const int MaxRoundingDigits = 15;

    private static string ExactExponential(double v, int precision)
    {
        string r = v.ToString("E" + precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int e = r.IndexOf('E');
        int exp = int.Parse(r.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{r[..e]}e{(exp < 0 ? '-' : '+')}{Math.Abs(exp):00}");
    }

    private static string General(double v, int precision, bool alt)
    {
        string e = Exponential(v, precision - 1, alt);
        int exp = int.Parse(e[(e.IndexOf('e') + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string body = exp < -4 || exp >= precision
            ? e
            : Fixed(v, precision - 1 - exp, alt);
        if (alt) return body;
        int ePos = body.IndexOf('e');
        string mant = ePos < 0 ? body : body[..ePos];
        string tail = ePos < 0 ? "" : body[ePos..];
        if (mant.Contains('.')) mant = mant.TrimEnd('0').TrimEnd('.');
        return mant + tail;
    }
}
