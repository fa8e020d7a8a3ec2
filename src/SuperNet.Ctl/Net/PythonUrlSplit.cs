using SuperNet.Core.Logging;

namespace SuperNet.Ctl.Net;

/// <summary>
/// The checks Python 3.11's urllib.parse.urlsplit makes on a URL's network location, which supervisorctl meets
/// twice: validating -s (any scheme), and in its transport for an http serverurl. A bad bracketed host raises a
/// ValueError whose text supervisorctl prints.
/// </summary>
internal static class PythonUrlSplit
{
    /// <summary>urlsplit's cleaning: leading C0 controls and spaces dropped, tabs and line ends removed anywhere.</summary>
    public static string Clean(string url) =>
        url.TrimStart([.. Enumerable.Range(0, 33).Select(c => (char)c)]).Replace("\t", "", StringComparison.Ordinal)
            .Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);

    /// <summary>The ValueError text urlsplit raises for <paramref name="url"/>'s network location, or null when it raises none.</summary>
    public static string? NetlocError(string url)
    {
        var cleaned = Clean(url);
        _ = Cli.CommandLine.UrlScheme(cleaned, out var rest);
        if (!rest.StartsWith("//", StringComparison.Ordinal))
        {
            return null;
        }
        var end = rest.IndexOfAny(['/', '?', '#'], 2);
        var netloc = end < 0 ? rest[2..] : rest[2..end];
        var open = netloc.Contains('[');
        if (open != netloc.Contains(']'))
        {
            return InvalidIpv6;
        }
        return (open ? BracketedNetlocError(netloc) : null) ?? NfkcError(netloc);
    }

    /// <summary>
    /// urlsplit refuses a netloc that NFKC normalisation (IDNA's) would give a '/', '?', '#', '@' or ':'. These
    /// are the characters whose compatibility form holds one (Python 3.11's Unicode 14.0; no sequence of
    /// characters makes one any other way).
    /// </summary>
    private static string? NfkcError(string netloc) =>
        netloc.AsSpan().IndexOfAny(NfkcSeparators) < 0 ? null : $"netloc '{netloc}' contains invalid characters under NFKC normalization";

    private static readonly System.Buffers.SearchValues<char> NfkcSeparators = System.Buffers.SearchValues.Create(
        "\u2047\u2048\u2049\u2100\u2101\u2105\u2106\u2a74\ufe13\ufe16\ufe55\ufe56\ufe5f\ufe6b\uff03\uff0f\uff1a\uff1f\uff20");

    private const string InvalidIpv6 = "Invalid IPv6 URL";

    private static string? BracketedNetlocError(string netloc)
    {
        var hostPort = netloc[(netloc.LastIndexOf('@') + 1)..];
        string host;
        var open = hostPort.IndexOf('[');
        if (open >= 0)
        {
            if (open > 0)
            {
                return InvalidIpv6;
            }
            var bracketed = hostPort[1..];
            var close = bracketed.IndexOf(']');
            host = close < 0 ? bracketed : bracketed[..close];
            var port = close < 0 ? "" : bracketed[(close + 1)..];
            if (port.Length > 0 && port[0] != ':')
            {
                return InvalidIpv6;
            }
        }
        else
        {
            var colon = hostPort.IndexOf(':');
            host = colon < 0 ? hostPort : hostPort[..colon];
        }
        return BracketedHostError(host);
    }

    private static string? BracketedHostError(string host)
    {
        if (host.StartsWith('v'))
        {
            var dot = host.IndexOf('.');
            var future = dot > 1 && dot < host.Length - 1 && host[1..dot].All(char.IsAsciiHexDigit);
            return future ? null : "IPvFuture address is invalid";
        }
        if (PythonIpAddress.IsIpv4(host))
        {
            return "An IPv4 address cannot be in brackets";
        }
        return PythonIpAddress.IsIpv6(host) ? null : $"{PythonRepr.Str(host)} does not appear to be an IPv4 or IPv6 address";
    }
}
