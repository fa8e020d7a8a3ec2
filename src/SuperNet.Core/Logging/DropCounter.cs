namespace SuperNet.Core.Logging;

/// <summary>Lines of one source (a process, or the main log's echo) dropped because a daemon stream did not keep up.</summary>
public sealed class DropCounter(string source)
{
    private long count;

    /// <summary>The process name (or "supervisord" for the main log) as reports name it.</summary>
    public string Source { get; } = source;

    public long Count => Interlocked.Read(ref count);

    internal void Add(long lines) => Interlocked.Add(ref count, lines);
}
