using System.Numerics;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>supervisord's value types with their exact error texts (contract §4.4).</summary>
internal static class ConfigValues
{
    private static readonly string[] Truthy = ["yes", "true", "on", "1"];
    private static readonly string[] Falsy = ["no", "false", "off", "0"];

    public static bool Boolean(string value)
    {
        string v = value.ToLowerInvariant();
        if (Truthy.Contains(v)) return true;
        if (Falsy.Contains(v)) return false;
        throw new ConfigException("not a valid boolean value: " + PyText.Repr(value));
    }

    /// <summary>Python's int(v): surrounding blanks, a sign and single underscores between digits allowed; no size limit.</summary>
    public static BigInteger Number(string value)
    {
        int digits = value.Count(char.IsDigit);
        if (digits > MaxDigits)
        {
            throw new ConfigException($"Exceeds the limit ({MaxDigits} digits) for integer string conversion: value has " +
                $"{digits} digits; use sys.set_int_max_str_digits() to increase the limit");
        }
        return TryParseNumber(value, 10, out var n) ? n : throw new ConfigException($"invalid literal for int() with base 10: {PyText.Truncate(PyText.Repr(value), 200)}");
    }

    /// <summary>Python's int(v) as a test: false where it raises ValueError (not a literal, or over 4300 digits).</summary>
    public static bool TryNumber(string value, out BigInteger result) =>
        TryParseNumber(value, 10, out result) && value.Count(char.IsDigit) <= MaxDigits;

    /// <summary>
    /// A count, size or limit: Python takes any size, so a value past 64 bits is accepted and held at the
    /// nearest 64-bit bound, which no file size, delay or priority comparison can tell apart from it.
    /// </summary>
    public static long Integer(string value) => Saturate(Number(value), long.MinValue, long.MaxValue);

    public static int Int32(string value) => (int)Saturate(Number(value), int.MinValue, int.MaxValue);

    public static long ByteSize(string value)
    {
        string v = value.ToLowerInvariant();
        (string Suffix, long Factor)[] suffixes = [("kb", 1024L), ("mb", 1024L * 1024), ("gb", 1024L * 1024 * 1024)];
        foreach (var (suffix, factor) in suffixes)
        {
            string tail = v.Length >= 2 ? v[^2..] : v;
            if (tail != suffix) continue;
            return Saturate(Number(v[..Math.Max(0, v.Length - 2)]) * factor, long.MinValue, long.MaxValue);
        }
        return Integer(v);
    }

    // Python 3.11's default int_max_str_digits: longer decimal strings are refused before conversion.
    private const int MaxDigits = 4300;

    private static long Saturate(BigInteger n, long min, long max) => n < min ? min : n > max ? max : (long)n;

    public static int Octal(string value) =>
        TryParseInt(value, 8, out long n) && n is >= int.MinValue and <= int.MaxValue
            ? (int)n
            : throw new ConfigException($"{value} can not be converted to an octal type");

    public static IReadOnlyList<int> ExitCodes(string value)
    {
        if (value.Length == 0) return [];
        var codes = new List<int>();
        foreach (var part in value.Split(','))
        {
            if (!TryParseInt(part, 10, out long n) || n is < 0 or > 255)
                throw new ConfigException("not a valid list of exit codes: " + PyText.Repr(value));
            codes.Add((int)n);
        }
        return codes;
    }

    public static AutoRestart AutoRestartValue(string value)
    {
        string v = value.ToLowerInvariant();
        if (Truthy.Contains(v)) return AutoRestart.True;
        if (Falsy.Contains(v)) return AutoRestart.False;
        if (v == "unexpected") return AutoRestart.Unexpected;
        throw new ConfigException($"invalid 'autorestart' value {PyText.Repr(v)}");
    }

    public static LogLevel LogLevelValue(string value) => value.ToLowerInvariant() switch
    {
        "critical" => LogLevel.Critical,
        "error" => LogLevel.Error,
        "warn" => LogLevel.Warn,
        "info" => LogLevel.Info,
        "debug" => LogLevel.Debug,
        "trace" => LogLevel.Trace,
        "blather" => LogLevel.Blather,
        _ => throw new ConfigException($"bad logging level name {PyText.Repr(value)}"),
    };

    /// <summary>Process, program and group names: no space, ':' or '/', checked in that order.</summary>
    public static string Name(string value)
    {
        string s = PyText.Strip(value);
        foreach (char c in " :/")
        {
            if (s.Contains(c))
                throw new ConfigException($"Invalid name: {PyText.Repr(value)} because of character: {PyText.Repr(c.ToString())}");
        }
        return s;
    }

    public static string ExistingDirectory(string value, ConfigContext ctx)
    {
        string expanded = PyPath.ExpandUser(value, ctx);
        // stat("") fails (ENOENT): an empty value is no directory, not the working directory it would resolve to.
        return expanded.Length > 0 && PyOs.IsDir(PyPath.Resolve(expanded, ctx.CurrentDirectory))
            ? expanded
            : throw new ConfigException($"{value} is not an existing directory");
    }

    /// <summary>A file whose directory must exist; relative paths stay relative (to the CWD).</summary>
    public static string ExistingDirPath(string value, ConfigContext ctx)
    {
        string expanded = PyPath.ExpandUser(value, ctx);
        string dir = PyPath.DirName(expanded);
        if (dir.Length == 0 || PyOs.IsDir(PyPath.Resolve(dir, ctx.CurrentDirectory))) return expanded;
        throw new ConfigException($"The directory named as part of the path {value} does not exist");
    }

    /// <summary>Python's int(s, base) for base 10 or 8 (where an "0o" prefix is also accepted), within 64 bits.</summary>
    internal static bool TryParseInt(string value, int radix, out long result)
    {
        result = 0;
        if (!TryParseNumber(value, radix, out var n) || n < long.MinValue || n > long.MaxValue) return false;
        result = (long)n;
        return true;
    }

    // Python reads every Unicode decimal digit (Nd) as its ASCII counterpart, whatever the base.
    private static int DigitValue(char c) => char.IsDigit(c) ? (int)char.GetNumericValue(c) : -1;

    /// <summary>Python's int(s, base) for base 10 or 8 (where an "0o" prefix is also accepted).</summary>
    private static bool TryParseNumber(string value, int radix, out BigInteger result)
    {
        result = BigInteger.Zero;
        string s = PyText.Strip(value);
        int i = 0;
        bool negative = false;
        if (i < s.Length && s[i] is '+' or '-') negative = s[i++] == '-';
        if (radix == 8 && i + 1 < s.Length && DigitValue(s[i]) == 0 && s[i + 1] is 'o' or 'O')
        {
            i += 2;
            if (i < s.Length && s[i] == '_') i++;
        }
        if (i >= s.Length || (radix == 10 && s.Length - i > MaxDigits * 2)) return false;
        bool lastWasDigit = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c == '_')
            {
                if (!lastWasDigit) return false;
                lastWasDigit = false;
                continue;
            }
            int digit = DigitValue(c);
            if (digit < 0 || digit >= radix) return false;
            result = result * radix + digit;
            lastWasDigit = true;
        }
        if (!lastWasDigit) return false;
        if (negative) result = -result;
        return true;
    }
}
