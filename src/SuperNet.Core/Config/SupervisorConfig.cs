namespace SuperNet.Core.Config;

/// <summary>A whole parsed configuration: what supervisord builds from supervisord.conf and its includes.</summary>
public sealed record SupervisorConfig
{
    /// <summary>The main file as given (-c) or found by the search (§4.1).</summary>
    public required string ConfigFile { get; init; }
    public required SupervisordOptions Supervisord { get; init; }
    public IReadOnlyList<ServerConfig> Servers { get; init; } = [];
    /// <summary>Groups sorted as supervisord starts them: priority, then name.</summary>
    public required IReadOnlyList<GroupConfig> Groups { get; init; }
    /// <summary>[rpcinterface:x] sections in file order (§4.12).</summary>
    public IReadOnlyList<RpcInterfaceConfig> RpcInterfaces { get; init; } = [];
    /// <summary>Parse-time messages, logged once the main log exists (§4.13, §5.2 step 5).</summary>
    public IReadOnlyList<ConfigMessage> Messages { get; init; } = [];
    /// <summary>Sections and keys no daemon reads (typos, most likely): --check-config reports them.</summary>
    public IReadOnlyList<string> Ignored { get; init; } = [];

    /// <summary>
    /// The interface whose factory call stops start-up (<see cref="RpcInterfaceConfig.CallError"/>): the first in
    /// file order, and only with a server, since the factories are called as the first server opens.
    /// </summary>
    public RpcInterfaceConfig? FailingRpcInterface =>
        Servers.Count == 0 ? null : RpcInterfaces.FirstOrDefault(r => r.CallError is not null);
}

public sealed record ConfigMessage(LogLevel Level, string Text);

/// <summary>An [rpcinterface:x] section: the factory spec and the other keys (after expansion) passed to it.</summary>
public sealed record RpcInterfaceConfig(string Name, string Factory, IReadOnlyList<KeyValuePair<string, string>> Extras)
{
    /// <summary>
    /// Why supervisord's call of the factory fails (the TypeError as Python words it), or null. supervisord
    /// passes every other key of the section, those of [DEFAULT] included, as a keyword argument to
    /// make_main_rpcinterface, which takes none; Python names the first one it cannot take. The call is made for
    /// each HTTP server opened, so without a server nothing fails.
    /// </summary>
    public string? CallError => Extras.Count == 0 ? null
        : Extras[0].Key == "supervisord" ? "TypeError: make_main_rpcinterface() got multiple values for argument 'supervisord'"
        : $"TypeError: make_main_rpcinterface() got an unexpected keyword argument '{Extras[0].Key}'";

    /// <summary>What start-up says (after "Error: ") as it stops on the interface <paramref name="name"/>'s <see cref="CallError"/>.</summary>
    public static string StartFailure(string name) => $"Could not make {name} rpc interface";
}

/// <summary>A configuration error; Message is supervisord's text without the "Error: " prefix (§4.16).</summary>
public sealed class ConfigException(string message) : Exception(message)
{
    /// <summary>True for INI syntax errors, which supervisorctl (unlike supervisord) does not catch.</summary>
    public bool IsSyntaxError { get; init; }
}
