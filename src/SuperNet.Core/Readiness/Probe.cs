namespace SuperNet.Core.Readiness;

public enum ProbeKind
{
    /// <summary>Ready once RUNNING after startsecs: supervisord's own notion.</summary>
    Started,
    /// <summary>systemd's sd_notify: READY=1 on a per-process NOTIFY_SOCKET.</summary>
    Notify,
    /// <summary>s6's notification-fd: a newline written to fd N.</summary>
    Fd,
    Tcp,
    Http,
    Exec,
}

/// <summary>One ready=/healthcheck= value, parsed. Host/Port/Path for tcp and http, Fd for fd:N, Command for exec.</summary>
public sealed record Probe(ProbeKind Kind, string Text)
{
    public static readonly Probe Started = new(ProbeKind.Started, "started");

    public int Fd { get; init; }
    public string Host { get; init; } = "";
    public int Port { get; init; }
    public string Path { get; init; } = "/";
    public string Command { get; init; } = "";

    /// <summary>True for the forms that are checked by polling (tcp, http, exec), as opposed to notified by the process.</summary>
    public bool IsPolled => Kind is ProbeKind.Tcp or ProbeKind.Http or ProbeKind.Exec;
}
