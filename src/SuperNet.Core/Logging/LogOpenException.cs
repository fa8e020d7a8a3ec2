namespace SuperNet.Core.Logging;

/// <summary>
/// A program's log file that could not be opened at a spawn or a SIGUSR2 reopen, with the errno supervisord names in its
/// spawnerr. .NET reports a directory as "access denied" (it turns EISDIR into EACCES), so that errno is recovered from
/// the path, and ENAMETOOLONG from its own exception type.
/// </summary>
public sealed class LogOpenException(string path, int errno, Exception inner)
    : IOException($"{path}: {Processes.Errno.Describe(errno)}", inner)
{
    public string Path { get; } = path;
    public int Errno { get; } = errno;

    public static LogOpenException For(string path, Exception e) => new(path, e switch
    {
        UnauthorizedAccessException when Directory.Exists(path) => Processes.Errno.EISDIR,
        PathTooLongException => Processes.Errno.ENAMETOOLONG,
        _ => Processes.Errno.Of(e),
    }, e);
}
