namespace SuperNet.Core.Config;

public enum BackoffKind
{
    /// <summary>supervisord's: 1, 2, 3 s between failed starts, a restart after RUNNING paced to one a second.</summary>
    Supervisord,
    Exponential,
}

/// <summary>
/// How long an autorestart waits (extension keys backoff=, backoff_initial=, backoff_max=, backoff_jitter=,
/// backoff_reset=, restart_delay=; supervisord ignores them). The default reproduces supervisord's pace.
/// </summary>
public sealed record RestartPolicy
{
    public static readonly RestartPolicy Default = new();

    public BackoffKind Kind { get; init; } = BackoffKind.Supervisord;
    public double InitialSeconds { get; init; } = 1;
    public double MaxSeconds { get; init; } = 30;
    /// <summary>Each delay is multiplied by a uniform factor in [1 - jitter, 1 + jitter].</summary>
    public double Jitter { get; init; }
    /// <summary>An exit after at least this much uptime starts the delays over.</summary>
    public double ResetSeconds { get; init; } = 30;
    /// <summary>restart_delay=: a fixed pause before every restart; 0 when unset.</summary>
    public double FixedSeconds { get; init; }

    /// <summary>True when the program opted in: every autorestart waits in BACKOFF with a computed delay.</summary>
    public bool DelaysEveryRestart => Kind == BackoffKind.Exponential || FixedSeconds > 0;
}
