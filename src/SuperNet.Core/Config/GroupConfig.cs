namespace SuperNet.Core.Config;

public enum GroupKind
{
    Program,
    EventListener,
    FastCgi,
}

/// <summary>A process group: a homogeneous [program:x], a [group:x], an [eventlistener:x] pool or an fcgi group.</summary>
public sealed record GroupConfig
{
    public required string Name { get; init; }
    public int Priority { get; init; } = 999;
    public GroupKind Kind { get; init; } = GroupKind.Program;
    /// <summary>Members in the group's own order: programs= order of a [group:x]; each program's processes by name.</summary>
    public required IReadOnlyList<ProcessConfig> Processes { get; init; }
    public EventListenerOptions? Listener { get; init; }
    public FastCgiOptions? FastCgi { get; init; }
    /// <summary>
    /// The [supervisord] section of the parse this group came from: its environment= and environment_file= reach
    /// this group's children, so `update` applies a changed [supervisord] environment as supervisord does (it merges
    /// that environment into every program when it parses). Null for a group built by hand: the running one's.
    /// </summary>
    public SupervisordOptions? Supervisord { get; init; }
}

/// <summary>The [eventlistener:x] extras (contract §4.10).</summary>
public sealed record EventListenerOptions
{
    /// <summary>Event type names as configured, upper-cased (e.g. PROCESS_STATE, TICK_5).</summary>
    public required IReadOnlyList<string> Events { get; init; }
    public int BufferSize { get; init; } = 10;
    /// <summary>One of <see cref="SuperNet.Core.Events.ResultHandlers.Supported"/>, stripped.</summary>
    public string ResultHandler { get; init; } = SuperNet.Core.Events.ResultHandlers.Default;
}

/// <summary>The [fcgi-program:x] socket (contract §4.11).</summary>
public sealed record FastCgiOptions
{
    public required string Socket { get; init; }
    public int Backlog { get; init; }
    public UserSpec? SocketOwner { get; init; }
    public int SocketMode { get; init; } = Convert.ToInt32("0700", 8);
}
