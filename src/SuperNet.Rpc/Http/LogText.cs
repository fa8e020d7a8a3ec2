using System.Globalization;
using System.Text;

namespace SuperNet.Rpc.Http;

/// <summary>
/// Text a client chose (a parse error quoting its request, a request target) on its way into a main log line.
/// Control characters are escaped as Python's repr() escapes them, which is how supervisord logs a bad request,
/// so one request makes one line and cannot forge others or drive the terminal of whoever reads the log; the
/// length is bounded, so a megabyte-long element name is not a megabyte of log per request.
/// </summary>
internal static class LogText
{
    public const int MaxChars = 512;

    public static string Safe(string text)
    {
        var cut = text.Length > MaxChars ? MaxChars - (char.IsHighSurrogate(text[MaxChars - 1]) ? 1 : 0) : text.Length;
        var safe = new StringBuilder(cut + 32);
        foreach (var c in text.AsSpan(0, cut))
        {
            _ = c switch
            {
                '\n' => safe.Append("\\n"),
                '\r' => safe.Append("\\r"),
                '\t' => safe.Append("\\t"),
                _ when char.IsControl(c) => safe.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture)),
                _ => safe.Append(c),
            };
        }
        if (cut < text.Length)
        {
            safe.Append(CultureInfo.InvariantCulture, $"... ({text.Length - cut} more characters)");
        }
        return safe.ToString();
    }
}
