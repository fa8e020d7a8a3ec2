namespace SuperNet.Core.Processes;

/// <summary>
/// Bytes a process wrote to its stdout and stderr pipes, as the daemon read them (before log formatting or any
/// drop): counted on the pump thread with Interlocked and read live by /metrics, as <see cref="Logging.DropCounter"/>.
/// </summary>
public sealed class OutputCounter
{
    private long stdout;
    private long stderr;

    public long Stdout => Interlocked.Read(ref stdout);

    public long Stderr => Interlocked.Read(ref stderr);

    internal void Add(bool isStderr, int bytes)
    {
        if (isStderr)
        {
            Interlocked.Add(ref stderr, bytes);
        }
        else
        {
            Interlocked.Add(ref stdout, bytes);
        }
    }
}
