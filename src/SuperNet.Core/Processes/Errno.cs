namespace SuperNet.Core.Processes;

/// <summary>The Linux errno values the engine reacts to or prints.</summary>
public static class Errno
{
    public const int EPERM = 1, ENOENT = 2, ESRCH = 3, EINTR = 4, EIO = 5, E2BIG = 7, ENOEXEC = 8, EBADF = 9,
        ECHILD = 10, EAGAIN = 11, ENOMEM = 12, EACCES = 13, EFAULT = 14, ENOTDIR = 20, EISDIR = 21, EINVAL = 22,
        ENFILE = 23, EMFILE = 24, ETXTBSY = 26, ENOSPC = 28, EROFS = 30, EPIPE = 32, ENAMETOOLONG = 36, ELOOP = 40;

    private static readonly (int Number, string Name, string Text)[] Table =
    [
        (EPERM, "EPERM", "Operation not permitted"), (ENOENT, "ENOENT", "No such file or directory"),
        (ESRCH, "ESRCH", "No such process"), (EINTR, "EINTR", "Interrupted system call"),
        (EIO, "EIO", "Input/output error"), (E2BIG, "E2BIG", "Argument list too long"),
        (ENOEXEC, "ENOEXEC", "Exec format error"), (EBADF, "EBADF", "Bad file descriptor"),
        (ECHILD, "ECHILD", "No child processes"), (EAGAIN, "EAGAIN", "Resource temporarily unavailable"),
        (ENOMEM, "ENOMEM", "Cannot allocate memory"), (EACCES, "EACCES", "Permission denied"),
        (EFAULT, "EFAULT", "Bad address"), (ENOTDIR, "ENOTDIR", "Not a directory"),
        (EISDIR, "EISDIR", "Is a directory"), (EINVAL, "EINVAL", "Invalid argument"),
        (ENFILE, "ENFILE", "Too many open files in system"), (EMFILE, "EMFILE", "Too many open files"),
        (ETXTBSY, "ETXTBSY", "Text file busy"), (ENOSPC, "ENOSPC", "No space left on device"),
        (EROFS, "EROFS", "Read-only file system"), (EPIPE, "EPIPE", "Broken pipe"),
        (ENAMETOOLONG, "ENAMETOOLONG", "File name too long"), (ELOOP, "ELOOP", "Too many levels of symbolic links"),
    ];

    /// <summary>Python's errno.errorcode name ("ENOMEM"), or the number when unnamed here.</summary>
    public static string Name(int errno)
    {
        foreach (var (number, name, _) in Table)
        {
            if (number == errno)
            {
                return name;
            }
        }
        return errno.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The errno behind .NET's exception for a failed file operation; 0 when it does not say.</summary>
    public static int Of(Exception e) => e switch
    {
        Logging.LogOpenException open => open.Errno,
        FileNotFoundException or DirectoryNotFoundException => ENOENT,
        UnauthorizedAccessException => EACCES,
        IOException { HResult: > 0 and < 4096 } io => io.HResult,
        _ => 0,
    };

    /// <summary>
    /// Python's str(OSError) for a failed file operation, from .NET's exception for it: the missing and the refused
    /// have their own exception types, any other errno is the IOException's HResult on Unix.
    /// </summary>
    public static string Describe(Exception e) => Of(e) is var errno and not 0 ? Describe(errno) : e.Message;

    /// <summary>Python's str(OSError): "[Errno 1] Operation not permitted".</summary>
    public static string Describe(int errno)
    {
        foreach (var (number, _, text) in Table)
        {
            if (number == errno)
            {
                return $"[Errno {errno}] {text}";
            }
        }
        return $"[Errno {errno}] Unknown error {errno}";
    }
}
