using SuperNet.Core.Logging;

namespace SuperNet.Ctl.Net;

/// <summary>
/// Where supervisord listens, parsed the way supervisorctl's transport reads it: `unix://` followed by a
/// socket path, or `http://host[:port]` (port 80 when absent). Any other scheme is only rejected when a
/// connection is attempted, as upstream does.
/// </summary>
internal sealed class ServerUrl
{
    private ServerUrl(string text, string scheme, string host, int port, string socketPath)
    {
        Text = text;
        Scheme = scheme;
        Host = host;
        Port = port;
        SocketPath = socketPath;
    }

    /// <summary>The URL exactly as configured; every message that names the server prints this.</summary>
    public string Text { get; }

    public string Scheme { get; }

    public bool IsUnix => Scheme == "unix";

    public string Host { get; }

    public int Port { get; }

    public string SocketPath { get; }

    /// <summary>The authority part of an http URL ("host:port" as written), empty for unix URLs.</summary>
    public string Authority { get; private init; } = "";

    public static ServerUrl Parse(string text)
    {
        if (text.StartsWith("unix://", StringComparison.Ordinal))
        {
            return new ServerUrl(text, "unix", "localhost", 0, text[7..]);
        }

        if (text.StartsWith("http://", StringComparison.Ordinal))
        {
            if (PythonUrlSplit.NetlocError(text) is { } invalid)
            {
                throw new UrlException(invalid, text);
            }
            var rest = PythonUrlSplit.Clean(text)[7..];
            var end = rest.IndexOfAny(['/', '?', '#']);
            var authority = end < 0 ? rest : rest[..end];
            var at = authority.LastIndexOf('@');
            var hostPort = at < 0 ? authority : authority[(at + 1)..];
            // Split as Python's urlsplit().hostname/.port do: the first '[' opens a bracketed host, the port is
            // what follows the first ':' (after the ']' when bracketed), so "a:b:9" names port "b:9".
            string host, portText;
            var open = hostPort.IndexOf('[');
            if (open >= 0)
            {
                var bracketed = hostPort[(open + 1)..];
                var close = bracketed.IndexOf(']');
                host = close < 0 ? bracketed : bracketed[..close];
                var after = close < 0 ? "" : bracketed[(close + 1)..];
                var colon = after.IndexOf(':');
                portText = colon < 0 ? "" : after[(colon + 1)..];
            }
            else
            {
                var colon = hostPort.IndexOf(':');
                host = colon < 0 ? hostPort : hostPort[..colon];
                portText = colon < 0 ? "" : hostPort[(colon + 1)..];
            }
            var port = ParsePort(portText, text);

            // Python's .hostname lowers all but an IPv6 zone, whose interface name keeps its case.
            var zone = host.IndexOf('%');
            var lowered = zone < 0 ? host.ToLowerInvariant() : host[..zone].ToLowerInvariant() + host[zone..];
            return new ServerUrl(text, "http", lowered, port, "") { Authority = authority };
        }

        // Upstream accepts any URL-looking value here and fails only when it connects.
        return new ServerUrl(text, "", "", 0, "");
    }

    private static int ParsePort(string value, string url)
    {
        if (value.Length == 0)
        {
            return 80;
        }

        if (!value.All(char.IsAsciiDigit))
        {
            throw new UrlException($"Port could not be cast to integer value as {PythonRepr.Str(value)}", url);
        }

        // Python's int() has no width, so a long run of digits is out of range rather than not a number.
        if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new UrlException("Port out of range 0-65535", url);
        }

        return port;
    }
}

/// <summary>A server URL that cannot be used (bad port, unknown scheme).</summary>
internal sealed class UrlException(string message, string url) : Exception(message)
{
    public string Url { get; } = url;
}
