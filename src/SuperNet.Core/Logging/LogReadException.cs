namespace SuperNet.Core.Logging;

public enum LogReadError
{
    /// <summary>The file does not exist (the RPC fault is <c>NO_FILE: &lt;path&gt;</c>).</summary>
    NoFile,
    /// <summary>Offset/length combination refused (<c>BAD_ARGUMENTS</c>).</summary>
    BadArguments,
    /// <summary>Open, seek or read failed (<c>FAILED</c>).</summary>
    Failed,
}

/// <summary>Why a readLog-style read gave no data; the RPC layer maps it to a fault.</summary>
public sealed class LogReadException(LogReadError error, string? detail = null)
    : Exception(detail is null ? error.ToString() : $"{error}: {detail}")
{
    public LogReadError Error { get; } = error;
}

/// <summary>The answer of tailProcess*Log: data, the new offset (always the file size) and overflow.</summary>
public readonly record struct LogTail(byte[] Data, long Offset, bool Overflow)
{
    public static LogTail Empty(long offset) => new([], offset, false);
}
