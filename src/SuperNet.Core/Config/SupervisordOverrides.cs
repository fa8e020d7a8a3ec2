namespace SuperNet.Core.Config;

/// <summary>
/// supervisord command-line values (contract §5.1), already validated; null means "not given".
/// They beat the [supervisord] section, whose values are still parsed and validated.
/// </summary>
public sealed record SupervisordOverrides
{
    public string? ConfigFile { get; init; }
    public bool? Nodaemon { get; init; }
    public bool? Silent { get; init; }
    public string? User { get; init; }
    public int? Umask { get; init; }
    public string? Directory { get; init; }
    public string? Logfile { get; init; }
    public long? LogfileMaxBytes { get; init; }
    public int? LogfileBackups { get; init; }
    public LogLevel? LogLevel { get; init; }
    public string? Pidfile { get; init; }
    public string? Identifier { get; init; }
    public string? ChildLogDir { get; init; }
    public bool? NoCleanup { get; init; }
    public long? MinFds { get; init; }
    public long? MinProcs { get; init; }
    public bool? StripAnsi { get; init; }
}
