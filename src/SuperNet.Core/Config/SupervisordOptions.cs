namespace SuperNet.Core.Config;

/// <summary>The [supervisord] section after command-line overrides (contract §4.5).</summary>
public sealed record SupervisordOptions
{
    public string Logfile { get; init; } = "supervisord.log";
    public long LogfileMaxBytes { get; init; } = 50 * 1024 * 1024;
    public int LogfileBackups { get; init; } = 10;
    public LogLevel LogLevel { get; init; } = LogLevel.Info;
    public string Pidfile { get; init; } = "supervisord.pid";
    public int Umask { get; init; } = Convert.ToInt32("022", 8);
    public bool Nodaemon { get; init; }
    public bool Silent { get; init; }
    public long MinFds { get; init; } = 1024;
    public long MinProcs { get; init; } = 200;
    public bool NoCleanup { get; init; }
    public string ChildLogDir { get; init; } = Path.GetTempPath().TrimEnd('/') is { Length: > 0 } t ? t : "/tmp";
    public UserSpec? User { get; init; }
    public string? Directory { get; init; }
    public bool StripAnsi { get; init; }
    /// <summary>[supervisord] environment=, added to every child (not to supervisord itself).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public string Identifier { get; init; } = "supervisor";
    /// <summary>environment_file= paths, read at each spawn of every program; merged under <see cref="Environment"/>.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];
    /// <summary>exit_when_done= (SuperNet): once every program has ended for good, stop and exit.</summary>
    public bool ExitWhenDone { get; init; }
}

/// <summary>supervisord's log levels with their numeric values (contract §9.1).</summary>
public enum LogLevel
{
    Blather = 3,
    Trace = 5,
    Debug = 10,
    Info = 20,
    Warn = 30,
    Error = 40,
    Critical = 50,
}

/// <summary>A resolved user= value: uid, primary gid and the name used for supplementary groups.</summary>
public sealed record UserSpec(string Name, int Uid, int Gid);
