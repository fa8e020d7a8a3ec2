using System.Globalization;
using SuperNet.Core.Config;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Readiness;

/// <summary>Parses ready= and healthcheck= values; errors name the key and echo the value, as supervisord's do.</summary>
internal static class ProbeParser
{
    // fd:N must leave 0-2 to the pipes; a bound keeps the spawn's per-fd close list short.
    private const int MaxFd = 1023;

    public static Probe Parse(string key, string value, bool polledOnly = false)
    {
        var text = PyText.Strip(value);
        var probe = TryParse(text);
        if (probe is null && !polledOnly && text.StartsWith("fd:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ConfigException($"not a valid {key} value: {PyText.Repr(value)} (expected fd:N with N from 3 to {MaxFd}: 0-2 are the program's stdin, stdout and stderr)");
        }
        if (probe is null || (polledOnly && !probe.IsPolled))
        {
            var forms = polledOnly
                ? "tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND"
                : "started, notify, fd:N, tcp:HOST:PORT, http://HOST:PORT/PATH or exec:COMMAND";
            throw new ConfigException($"not a valid {key} value: {PyText.Repr(value)} (expected {forms})");
        }
        return probe;
    }

    private static Probe? TryParse(string text)
    {
        var lower = text.ToLowerInvariant();
        if (lower == "started")
        {
            return Probe.Started;
        }
        if (lower == "notify")
        {
            return new Probe(ProbeKind.Notify, "notify");
        }
        if (lower.StartsWith("fd:", StringComparison.Ordinal))
        {
            return int.TryParse(text.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var fd) && fd is >= 3 and <= MaxFd
                ? new Probe(ProbeKind.Fd, text) { Fd = fd }
                : null;
        }
        if (lower.StartsWith("exec:", StringComparison.Ordinal))
        {
            var command = PyText.Strip(text[5..]);
            return command.Length == 0 ? null : new Probe(ProbeKind.Exec, text) { Command = command };
        }
        if (lower.StartsWith("tcp:", StringComparison.Ordinal))
        {
            return HostPort(text[4..]) is var (host, port) && !text[4..].Contains('/', StringComparison.Ordinal)
                ? new Probe(ProbeKind.Tcp, text) { Host = host, Port = port }
                : null;
        }
        if (lower.StartsWith("http://", StringComparison.Ordinal))
        {
            var rest = text[7..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var authority = slash < 0 ? rest : rest[..slash];
            var path = slash < 0 ? "/" : rest[slash..];
            return HostPort(authority) is var (host, port) && !path.Any(char.IsWhiteSpace)
                ? new Probe(ProbeKind.Http, text) { Host = host, Port = port, Path = path }
                : null;
        }
        return null;
    }

    /// <summary>HOST:PORT, with [v6] brackets allowed; the port is required.</summary>
    private static (string Host, int Port)? HostPort(string text)
    {
        var colon = text.LastIndexOf(':');
        if (colon <= 0)
        {
            return null;
        }
        var host = text[..colon];
        if (host.StartsWith('[') && host.EndsWith(']'))
        {
            host = host[1..^1];
        }
        if (host.Length == 0 || host.Any(char.IsWhiteSpace)
            || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            || port is < 1 or > 65535)
        {
            return null;
        }
        return (host, port);
    }
}
