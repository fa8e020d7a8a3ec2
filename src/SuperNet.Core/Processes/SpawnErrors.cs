namespace SuperNet.Core.Processes;

/// <summary>spawnerr texts for parent-side spawn failures that the OS layer reports only as an errno (§3.2 step 5).</summary>
internal static class SpawnErrors
{
    public static string ForErrno(int errno, string name) => errno switch
    {
        Errno.EMFILE => $"too many open files to spawn '{name}'",
        Errno.EAGAIN => $"Too many processes in process table to spawn '{name}'",
        _ => $"unknown error during fork for '{name}': {Errno.Name(errno)}",
    };

    /// <summary>A log file that could not be opened before the fork: supervisord's make_dispatchers failure.</summary>
    public static string ForLogOpen(Exception e, string name) => Errno.Of(e) switch
    {
        Errno.EMFILE => $"too many open files to spawn '{name}'",
        0 => $"unknown error making dispatchers for '{name}': {e.Message}",
        var errno => $"unknown error making dispatchers for '{name}': {Errno.Name(errno)}",
    };
}
