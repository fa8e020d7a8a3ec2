using System.Globalization;

namespace SuperNet.Rpc.Json;

/// <summary>A request target's query string, each value checked where it is read so a bad one answers 400 naming it.</summary>
internal sealed class ApiQuery
{
    private readonly Dictionary<string, string> values = new(StringComparer.Ordinal);

    public ApiQuery(string? query)
    {
        foreach (var pair in (query ?? "").Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(eq < 0 ? pair : pair[..eq]);
            values[key] = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
        }
    }

    public bool Flag(string name, bool fallback)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }
        return text.ToLowerInvariant() switch
        {
            "" or "1" or "true" or "yes" or "on" => true,
            "0" or "false" or "no" or "off" => false,
            _ => throw ApiException.BadArgument($"{name}={text}: expected true or false"),
        };
    }

    public long Integer(string name, long fallback) =>
        !values.TryGetValue(name, out var text) ? fallback
        : long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n
        : throw ApiException.BadArgument($"{name}={text}: expected an integer");
}
