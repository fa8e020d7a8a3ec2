using System.Numerics;
using System.Text;
using SuperNet.Core.Logging;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Net;

/// <summary>
/// Python's int() of bytes, as the log stream client reads a status code and a Content-Length (base 10) and a chunk
/// size (base 16). Unlike int() of a str, only ASCII counts: ASCII white space around it, ASCII digits, a sign,
/// single underscores between digits, and in base 16 an optional 0x. A failure is int()'s ValueError.
/// </summary>
internal static class PythonBytesInt
{
    public static BigInteger Parse(ReadOnlySpan<byte> text, int numberBase)
    {
        var latin1 = Encoding.Latin1.GetString(text);
        if (numberBase == 10)
        {
            // Within ASCII, int() of a str and of bytes agree; PythonInt keeps the 4300-digit rule.
            return !Ascii.IsValid(text) ? throw Invalid(text, numberBase) : PythonInt.Parse(latin1, out var value, out var digits) switch
            {
                PythonInt.Outcome.Value => value,
                PythonInt.Outcome.TooManyDigits => throw new PythonError("ValueError", PythonIntErrors.TooManyDigits(digits)),
                _ => throw Invalid(text, numberBase),
            };
        }

        // Base 16 has no digit limit (it is a power of two) and is only ever a chunk size, which saturates.
        var s = text.Trim(" \t\n\v\f\r"u8);
        var negative = false;
        if (s.Length > 0 && (s[0] == '+' || s[0] == '-'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        var underscoreAllowed = false;
        if (s.Length >= 2 && s[0] == '0' && (s[1] | 0x20) == 'x')
        {
            s = s[2..];
            underscoreAllowed = true;
        }

        BigInteger result = 0;
        var any = false;
        var previousUnderscore = false;
        foreach (var b in s)
        {
            if (b == '_')
            {
                if (!underscoreAllowed || previousUnderscore)
                {
                    throw Invalid(text, numberBase);
                }

                previousUnderscore = true;
                continue;
            }

            var digit = HexDigit(b);
            if (digit < 0)
            {
                throw Invalid(text, numberBase);
            }

            result = (result << 4) | digit;
            any = true;
            previousUnderscore = false;
            underscoreAllowed = true;
        }

        return !any || previousUnderscore ? throw Invalid(text, numberBase) : negative ? -result : result;
    }

    private static int HexDigit(byte b) => b switch
    {
        >= (byte)'0' and <= (byte)'9' => b - '0',
        >= (byte)'a' and <= (byte)'f' => b - 'a' + 10,
        >= (byte)'A' and <= (byte)'F' => b - 'A' + 10,
        _ => -1,
    };

    private static PythonError Invalid(ReadOnlySpan<byte> text, int numberBase) =>
        new("ValueError", PythonIntErrors.InvalidLiteral(PythonRepr.Bytes(text), numberBase));
}
