namespace SuperNet.Ctl.Net;

/// <summary>
/// A Content-Length value as supervisorctl's Python reads it with int(): a sign and digits. http.client then reads
/// a body whose length is not a number, or is negative, to the close, and fails with OverflowError on one past
/// the largest index; the log stream client fails with int()'s ValueError on one that is not a number.
/// </summary>
internal static class ContentLength
{
    public const long NotANumber = -1;
    public const long Negative = -2;
    /// <summary>Past long.MaxValue, which only a Python int holds.</summary>
    public const long Overflow = -3;

    public static long Parse(string text)
    {
        var digits = text.AsSpan().Trim();
        var negative = digits.Length > 0 && digits[0] == '-';
        if (digits.Length > 0 && digits[0] is '+' or '-')
        {
            digits = digits[1..];
        }

        if (digits.IsEmpty)
        {
            return NotANumber;
        }

        var value = 0L;
        var overflow = false;
        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return NotANumber;
            }

            overflow |= value > (long.MaxValue - (c - '0')) / 10;
            value = overflow ? 0 : value * 10 + (c - '0');
        }

        return negative && (overflow || value > 0) ? Negative : overflow ? Overflow : value;
    }
}

/// <summary>http.client's OverflowError for a Content-Length past the largest index.</summary>
internal sealed class ContentLengthOverflowException() : Exception("cannot fit 'int' into an index-sized integer");
