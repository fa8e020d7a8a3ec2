namespace SuperNet.Core.Config;

/// <summary>An [unix_http_server*] or [inet_http_server*] section (contract §1.1).</summary>
public abstract record ServerConfig
{
    /// <summary>The section name as written, e.g. "unix_http_server".</summary>
    public required string Section { get; init; }
    public string? Username { get; init; }
    /// <summary>Plaintext, or "{SHA}" followed by 40 lowercase hex digits.</summary>
    public string? Password { get; init; }
}

public sealed record UnixHttpServerConfig : ServerConfig
{
    /// <summary>Absolute socket path.</summary>
    public required string File { get; init; }
    public int Chmod { get; init; } = Convert.ToInt32("0700", 8);
    /// <summary>-1 leaves the owner unchanged.</summary>
    public int ChownUid { get; init; } = -1;
    public int ChownGid { get; init; } = -1;
}

public sealed record InetHttpServerConfig : ServerConfig
{
    /// <summary>Lower-cased host; empty when bound to all interfaces.</summary>
    public required string Host { get; init; }
    public required int Port { get; init; }
}

/// <summary>[supervisorctl] (contract §4.7); read by supernetctl only.</summary>
public sealed record SupervisorctlOptions
{
    public string ServerUrl { get; init; } = "http://localhost:9001";
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string Prompt { get; init; } = "supervisor";
    public string? HistoryFile { get; init; }
}
