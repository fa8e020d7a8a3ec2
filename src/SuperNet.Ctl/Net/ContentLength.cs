using System.Globalization;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Net;

/// <summary>
/// A Content-Length value as supervisorctl's Python reads it with int() (<see cref="PythonInt"/>). http.client then reads
/// a body whose length is not a number, or is negative, to the close, and fails with OverflowError on one past
/// the largest index; the log stream client fails with int()'s ValueError on one that is not a number.
/// </summary>
internal static class ContentLength
{
    public const long NotANumber = -1;
    public const long Negative = -2;
    /// <summary>Past long.MaxValue, which only a Python int holds.</summary>
    public const long Overflow = -3;

    /// <summary>More digits than Python's int() reads (4300): read to the close, but the log stream client fails.</summary>
    public const long TooManyDigits = -4;

    public static long Parse(string text)
    {
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var plain))
        {
            return plain;
        }

        return PythonInt.Parse(text, out var value, out _) switch
        {
            PythonInt.Outcome.TooManyDigits => TooManyDigits,
            PythonInt.Outcome.InvalidLiteral => NotANumber,
            _ when value.Sign < 0 => Negative,
            _ when value > long.MaxValue => Overflow,
            _ => (long)value,
        };
    }
}

/// <summary>http.client's OverflowError for a Content-Length past the largest index.</summary>
internal sealed class ContentLengthOverflowException() : Exception("cannot fit 'int' into an index-sized integer");
