namespace SuperNet.Rpc.Http;

/// <summary>How long a connection may take over each part of a request.</summary>
internal static class ConnectionLimits
{
    /// <summary>A keep-alive connection with no request in progress: medusa's 30-minute zombie timeout.</summary>
    public static readonly TimeSpan Idle = TimeSpan.FromMinutes(30);
    /// <summary>From a request's first byte to the end of its head (Kestrel's RequestHeadersTimeout).</summary>
    public static readonly TimeSpan Head = TimeSpan.FromSeconds(30);
    /// <summary>Reading a body of up to 16 MiB, and writing a whole fixed-length answer.</summary>
    public static readonly TimeSpan Transfer = TimeSpan.FromSeconds(60);
    /// <summary>After the answer of a closing connection, how long the client's unread bytes are drained so the answer is not reset away.</summary>
    public static readonly TimeSpan Linger = TimeSpan.FromSeconds(1);
    /// <summary>How long StopAsync lets requests in progress finish before closing their connections.</summary>
    public static readonly TimeSpan StopGrace = TimeSpan.FromSeconds(5);
}
