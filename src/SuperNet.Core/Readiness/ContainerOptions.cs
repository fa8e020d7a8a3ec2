namespace SuperNet.Core.Readiness;

/// <summary>
/// SuperNet's container extensions of one [program:x] / [eventlistener:x] / [fcgi-program:x] section
/// (docs/containers.md). supervisord ignores these keys; their defaults keep supervisord's behaviour.
/// </summary>
public sealed record ContainerOptions
{
    public static readonly ContainerOptions None = new();

    /// <summary>depends_on= as written: program names, group names, "group:*" or "group:process".</summary>
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    public Probe Ready { get; init; } = Probe.Started;
    /// <summary>ready_timeout=: how long a STARTING process may take to become ready; zero waits forever.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>ready_interval=: the pause between two attempts of a polled ready= probe.</summary>
    public TimeSpan ReadyInterval { get; init; } = TimeSpan.FromSeconds(1);
    public Probe? Healthcheck { get; init; }
    public TimeSpan HealthcheckInterval { get; init; } = TimeSpan.FromSeconds(30);
    public int HealthcheckRetries { get; init; } = 3;
    /// <summary>critical=: this program going FATAL, or exiting for good, stops the daemon with its status.</summary>
    public bool Critical { get; init; }

    /// <summary>True when anything here differs from supervisord's behaviour (getProcessInfo then shows readiness).</summary>
    public bool UsesReadiness => Ready.Kind != ProbeKind.Started || Healthcheck is not null || DependsOn.Count > 0;
}
