using SuperNet.Core.Config;

namespace SuperNet.Rpc.Http;

/// <summary>
/// The HTTP servers of one generation: every [unix_http_server*] and [inet_http_server*] section, each
/// serving /RPC2, /logtail, /mainlogtail and the web UI, and SuperNet's /api/v1, /metrics, /readyz and /healthz.
/// StopAsync removes the socket files this instance created.
/// </summary>
public interface IControlServer : IAsyncDisposable
{
    /// <summary>Binds and starts listening; throws ControlServerStartException with supervisord's message.</summary>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops accepting, ends open streams and unlinks the unix socket files.</summary>
    Task StopAsync(CancellationToken cancellationToken);
}

/// <summary>
/// A server could not be opened. Message is supervisord's text without the "Error: " prefix; supervisord
/// treats these as usage errors (exit 2, followed by "For help, use ... -h").
/// </summary>
public sealed class ControlServerStartException(string message) : Exception(message)
{
    public const string AlreadyListening =
        "Another program is already listening on a port that one of our HTTP servers is configured to use.  " +
        "Shut this program down first before starting supervisord.";
}

/// <summary>Changes a socket file's owner; false when not permitted (EPERM). Implemented where P/Invoke lives.</summary>
public interface ISocketFileOwner
{
    bool TryChown(string path, int uid, int gid);
}

/// <summary>Where the control server writes its log lines (the supervisor's main log).</summary>
public delegate void ControlServerLog(LogLevel level, string message);

/// <summary>What the daemon passes to build the servers of a generation.</summary>
public sealed record ControlServerOptions
{
    public required IReadOnlyList<ServerConfig> Servers { get; init; }
    public ISocketFileOwner? SocketOwner { get; init; }
    /// <summary>
    /// The [rpcinterface:x] names: each is a namespace serving supervisor's methods (the one factory SuperNet
    /// provides), and each server logs "RPC interface 'x' initialized" once bound, as supervisord does. Empty:
    /// only system.* answers (HTTP and /logtail still serve), which supervisorctl reports as a missing section.
    /// </summary>
    public IReadOnlyList<string> RpcInterfaces { get; init; } = ["supervisor"];
    /// <summary>
    /// Interfaces whose factory supervisord could not call (name to the error, <see cref="RpcInterfaceConfig.CallError"/>):
    /// the first server to reach one logs the error as a warning and fails with "Could not make NAME rpc interface".
    /// </summary>
    public IReadOnlyDictionary<string, string> RpcInterfaceErrors { get; init; } = new Dictionary<string, string>();
    public ControlServerLog Log { get; init; } = static (_, _) => { };
    /// <summary>Where "Unlinking stale socket" goes: supervisord writes it to stderr, not to the log.</summary>
    public TextWriter? StaleSocketNotice { get; init; }
    /// <summary>What one connection and one request may cost.</summary>
    public ServerLimits Limits { get; init; } = new();
    /// <summary>Serves /readyz and /healthz (docs/containers.md); null leaves them 404, as supervisord.</summary>
    public Core.Readiness.SupervisorHealth? Health { get; init; }
}
