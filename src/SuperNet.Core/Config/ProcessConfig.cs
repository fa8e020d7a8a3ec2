namespace SuperNet.Core.Config;

public enum AutoRestart
{
    False,
    Unexpected,
    True,
}

/// <summary>How one output channel (stdout or stderr) of a process is logged (contract §4.8, §9.2).</summary>
public sealed record ChildLogOptions
{
    /// <summary>The log file path; null for NONE. For AUTO, null until the group creates the file.</summary>
    public string? Path { get; init; }
    /// <summary>True when the option said AUTO: the file name is made in childlogdir at group creation.</summary>
    public bool IsAuto { get; init; } = true;
    public long MaxBytes { get; init; } = 50 * 1024 * 1024;
    public int Backups { get; init; } = 10;
    public long CaptureMaxBytes { get; init; }
    public bool EventsEnabled { get; init; }
    public bool Syslog { get; init; }
    /// <summary>Set when the log is the daemon's own stdout/stderr (stdout, stderr, /dev/stdout, /dev/stderr).</summary>
    public DaemonStream Stream { get; init; }
}

/// <summary>One process of a [program:x] (or listener/fcgi) section after numprocs expansion.</summary>
public sealed record ProcessConfig
{
    /// <summary>The process name (process_name after expansion).</summary>
    public required string Name { get; init; }
    /// <summary>The x of [program:x].</summary>
    public required string ProgramName { get; init; }
    /// <summary>The section header without brackets, e.g. "program:x", for error messages.</summary>
    public required string Section { get; init; }
    /// <summary>The command after %(...)s expansion, not yet split (split at each spawn, §4.14).</summary>
    public required string Command { get; init; }
    public int Priority { get; init; } = 999;
    public bool AutoStart { get; init; } = true;
    public int StartSecs { get; init; } = 1;
    public int StartRetries { get; init; } = 3;
    public AutoRestart AutoRestart { get; init; } = AutoRestart.Unexpected;
    public IReadOnlyList<int> ExitCodes { get; init; } = [0];
    public int StopSignal { get; init; } = Os.Signals.TERM;
    public int StopWaitSecs { get; init; } = 10;
    public bool StopAsGroup { get; init; }
    public bool KillAsGroup { get; init; }
    public UserSpec? User { get; init; }
    public bool RedirectStderr { get; init; }
    public ChildLogOptions Stdout { get; init; } = new();
    public ChildLogOptions Stderr { get; init; } = new();
    /// <summary>The program's own environment= (§4.15), in order; merged over [supervisord] environment at spawn.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];
    public string? Directory { get; init; }
    public int? Umask { get; init; }
    /// <summary>serverurl=; null means AUTO (computed from the servers, §3.2).</summary>
    public string? ServerUrl { get; init; }
    public RestartPolicy Restart { get; init; } = RestartPolicy.Default;
    public ContainerLogOptions ContainerLog { get; init; } = ContainerLogOptions.Default;
    /// <summary>environment_file= paths, read at each spawn; merged under <see cref="Environment"/>.</summary>
    public IReadOnlyList<string> EnvironmentFiles { get; init; } = [];
    /// <summary>depends_on=, ready=, healthcheck=, critical= (SuperNet's container keys; supervisord ignores them).</summary>
    public Readiness.ContainerOptions Container { get; init; } = Readiness.ContainerOptions.None;
}
