namespace SuperNet.Core.Readiness;

/// <summary>Why depends_on= keeps a process from being spawned.</summary>
public enum DependencyWaitKind
{
    /// <summary>Some dependency is not yet RUNNING and ready (nor a finished job).</summary>
    NotReady,
    /// <summary>A dependency is FATAL: only a start of it releases the wait.</summary>
    Fatal,
    /// <summary>A name of depends_on matches no active group (removed by update/remove).</summary>
    Missing,
}

/// <summary>
/// A process held back by depends_on=: the kind of wait and the names it waits for (the process names of the
/// dependencies, or depends_on's own words when they match nothing). Clients get the kind and names as fields
/// (getProcessInfo "waiting", "waiting_for") and <see cref="Text"/> as the process's description.
/// </summary>
public sealed record DependencyWait(DependencyWaitKind Kind, IReadOnlyList<string> On)
{
    /// <summary>getProcessInfo's "waiting": "not_ready", "fatal" or "missing".</summary>
    public string Code => Kind switch
    {
        DependencyWaitKind.NotReady => "not_ready",
        DependencyWaitKind.Fatal => "fatal",
        _ => "missing",
    };

    /// <summary>What the main log's "not starting app yet: waiting for ... (depends_on)" line names.</summary>
    public string Reason => Kind switch
    {
        DependencyWaitKind.NotReady => $"{string.Join(", ", On)} to be ready",
        DependencyWaitKind.Fatal => $"{On[0]}, which is FATAL",
        _ => $"{string.Join(", ", On)} (not in the configuration)",
    };

    /// <summary>The description of a held process, in place of supervisord's ("Not started", a stop time...).</summary>
    public string Text => $"waiting for {Reason} (depends_on)";

    // The names are a list: compared by content, so an unchanged wait is neither logged nor published again.
    public bool Equals(DependencyWait? other) => other is not null && Kind == other.Kind && On.SequenceEqual(other.On);

    public override int GetHashCode() => HashCode.Combine(Kind, On.Count);
}
