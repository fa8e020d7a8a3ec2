using System.Text;
using SuperNet.Core.Logging;

namespace SuperNet.Ctl.Net;

/// <summary>
/// What Python does to an http server's host name before glibc sees it: http.client refuses control characters
/// and spaces (CVE-2019-18348), and socket.getaddrinfo encodes the name with the "idna" codec, whose ASCII path
/// refuses an empty or long label.
/// </summary>
internal static class PythonHttpHost
{
    private const int MaxLabel = 63;

    /// <summary>http.client's InvalidURL for a host holding a character from U+0000 to U+0020 or U+007F.</summary>
    public static void Validate(string host)
    {
        var bad = host.AsSpan().IndexOfAnyInRange('\0', ' ');
        var del = host.IndexOf('\x7f');
        if (bad < 0 || (del >= 0 && del < bad))
        {
            bad = del;
        }
        if (bad >= 0)
        {
            throw new PythonError("http.client.InvalidURL",
                $"URL can't contain control characters. {PythonRepr.Str(host)} (found at least {PythonRepr.Str(host[bad].ToString())})");
        }
    }

    /// <summary>
    /// The bytes getaddrinfo is given. An ASCII name is checked as the idna codec checks it; any other is passed
    /// as UTF-8 (Python's codec would nameprep and punycode its labels: such a name is not matched).
    /// </summary>
    public static byte[] LookupName(string host)
    {
        if (!Ascii.IsValid(host))
        {
            return Encoding.UTF8.GetBytes(host);
        }
        var labels = host.Split('.');
        for (var i = 0; i < labels.Length - 1; i++)
        {
            if (labels[i].Length is 0 or > MaxLabel)
            {
                throw IdnaError("label empty or too long");
            }
        }
        if (labels[^1].Length > MaxLabel)
        {
            throw IdnaError("label too long");
        }
        return Encoding.ASCII.GetBytes(host);
    }

    private static PythonError IdnaError(string why) => new("UnicodeError", $"encoding with 'idna' codec failed (UnicodeError: {why})");
}
