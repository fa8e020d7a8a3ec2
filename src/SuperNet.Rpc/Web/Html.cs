using System.Globalization;
using System.Net;

namespace SuperNet.Rpc.Web;

/// <summary>Escaping and the small formats the pages share.</summary>
internal static class Html
{
    /// <summary>Everything that came from a config or a program's output passes through here.</summary>
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Url(string text) => Uri.EscapeDataString(text);

    /// <summary>Python's time.ctime(), which supervisord's "... at" messages use: "Sat Dec  5 19:18:24 2026".</summary>
    public static string CTime(DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        return local.ToString("ddd MMM ", CultureInfo.InvariantCulture)
            + local.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2)
            + local.ToString(" HH:mm:ss yyyy", CultureInfo.InvariantCulture);
    }
}
