namespace SuperNet.Rpc.Http;

/// <summary>A parsed request line and header block. Header names keep the client's case; lookups ignore it.</summary>
internal sealed class HttpRequestHead
{
    public required string Method { get; init; }
    /// <summary>The raw request target, so "/RPC2x?y" and an encoded ':' are seen as the client sent them.</summary>
    public required string Target { get; init; }
    public required bool Http11 { get; init; }
    public required List<KeyValuePair<string, string>> Headers { get; init; }

    /// <summary>
    /// The Authorization header's "SCHEME CREDENTIALS" as supervisord's medusa reads them (<see cref="MedusaAuthorization"/>),
    /// not as <see cref="Headers"/> holds them; null when medusa would find none.
    /// </summary>
    public string? Authorization { get; init; }

    public string Version => Http11 ? "HTTP/1.1" : "HTTP/1.0";

    public string? Header(string name)
    {
        foreach (var (key, value) in Headers)
        {
            if (key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }
        return null;
    }

    /// <summary>True when a comma-separated header (Connection, Expect) lists the token.</summary>
    public bool HasToken(string name, string token)
    {
        foreach (var (key, value) in Headers)
        {
            if (!key.Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            foreach (var part in value.Split(','))
            {
                if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }
        return false;
    }
}
