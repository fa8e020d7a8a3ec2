namespace SuperNet.Core.Config;

/// <summary>Where a channel's log goes when it is one of the daemon's own streams rather than a file.</summary>
public enum DaemonStream
{
    None,
    Stdout,
    Stderr,
}

/// <summary>
/// How a process's lines look on the daemon's stdout/stderr (extension keys log_prefix=, log_format=).
/// The prefix has the section's %(...)s names expanded already and ends in the space that separates it from
/// the line; <see cref="TimeToken"/> marks where each line's time goes.
/// </summary>
public sealed record ContainerLogOptions
{
    public const string TimeToken = "%(time)s";

    public static readonly ContainerLogOptions Default = new();

    /// <summary>Empty: lines are written as the child wrote them, as supervisord writes to /dev/stdout.</summary>
    public string Prefix { get; init; } = "";
    public bool Json { get; init; }
}
