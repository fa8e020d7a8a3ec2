namespace SuperNet.Core.Logging;

/// <summary>
/// The bytes reached the log; only the rotation due after them failed (a backup that cannot be renamed, a new
/// file that cannot be created). Reporting it as a failed write would claim output was lost that was not.
/// </summary>
public sealed class LogRotationException(long appended, Exception cause) : IOException(cause.Message, cause)
{
    /// <summary>How many bytes the write or splice put in the file before the rotation failed.</summary>
    public long Appended { get; } = appended;
}
