namespace SuperNet.Ctl.Net;

/// <summary>
/// Connecting to (or talking to) the server failed at the socket level. Errno is the Linux errno
/// (negative for resolver failures, as Python reports them), so commands can tell a refused
/// connection from a missing socket file the way supervisorctl does.
/// </summary>
internal sealed class ConnectException(int errno, string text, string url) : Exception(text)
{
    public const int ENOENT = 2;
    public const int ECONNREFUSED = 111;

    public int Errno { get; } = errno;

    /// <summary>As Python prints an OSError: `[Errno N] text`, or the bare text when there is no errno.</summary>
    public string PythonText => Errno == 0 ? Message : $"[Errno {Errno}] {Message}";

    public string Url { get; } = url;

    /// <summary>The Python exception class supervisorctl would name for this error.</summary>
    public string PythonClass => Errno switch
    {
        < 0 => "socket.gaierror",
        0 => "OSError",
        ENOENT => "FileNotFoundError",
        ECONNREFUSED => "ConnectionRefusedError",
        1 or 13 => "PermissionError",
        32 => "BrokenPipeError",
        103 => "ConnectionAbortedError",
        104 => "ConnectionResetError",
        110 => "TimeoutError",
        _ => "OSError",
    };
}
