namespace SuperNet.Ctl.Rpc;

/// <summary>The text of the UnicodeDecodeError that Python 3.11's bytes.decode('utf-8') raises at the first bad sequence.</summary>
internal static class PythonUtf8
{
    /// <summary>The message for <paramref name="data"/>, which must hold a sequence that is not UTF-8.</summary>
    public static string DecodeError(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            var (valid, bad, reason) = Sequence(data[i..]);
            if (valid > 0)
            {
                i += valid;
                continue;
            }
            var where = bad == 1
                ? $"byte 0x{data[i]:x2} in position {i}"
                : $"bytes in position {i}-{i + bad - 1}";
            return $"'utf-8' codec can't decode {where}: {reason}";
        }
        throw new ArgumentException("valid UTF-8", nameof(data));
    }

    /// <summary>
    /// The sequence at the start of <paramref name="s"/>: its length when valid, else how many bytes the error
    /// covers and why (CPython's decoder: a bad continuation covers the bytes before it, an end of data all that is left).
    /// </summary>
    private static (int Valid, int Bad, string Reason) Sequence(ReadOnlySpan<byte> s)
    {
        const string start = "invalid start byte", continuation = "invalid continuation byte", end = "unexpected end of data";
        var b = s[0];
        if (b < 0x80)
        {
            return (1, 0, "");
        }
        if (b < 0xC2 || b > 0xF4)
        {
            return (0, 1, start);
        }
        var length = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        // The second byte's range narrows for E0 (no overlong), ED (no surrogates), F0 (no overlong) and F4 (no past 10FFFF).
        var (low, high) = b switch
        {
            0xE0 => (0xA0, 0xBF),
            0xED => (0x80, 0x9F),
            0xF0 => (0x90, 0xBF),
            0xF4 => (0x80, 0x8F),
            _ => (0x80, 0xBF),
        };
        for (var k = 1; k < length; k++)
        {
            if (k >= s.Length)
            {
                return (0, s.Length, end);
            }
            var c = s[k];
            var ok = k == 1 ? c >= low && c <= high : c is >= 0x80 and <= 0xBF;
            if (!ok)
            {
                return (0, k, continuation);
            }
        }
        return (length, 0, "");
    }
}
