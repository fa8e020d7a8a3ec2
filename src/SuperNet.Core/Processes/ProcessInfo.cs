namespace SuperNet.Core.Processes;

/// <summary>
/// An immutable getProcessInfo snapshot (contract §2.4). Times are whole seconds since the epoch, not yet
/// clamped to int32 (the XML-RPC layer clamps).
/// </summary>
public sealed record ProcessInfo
{
    public required string Name { get; init; }
    public required string Group { get; init; }
    public required long Start { get; init; }
    public required long Stop { get; init; }
    public required long Now { get; init; }
    public required ProcessState State { get; init; }
    public string StateName => State.Name();
    /// <summary>The last spawn error, or "".</summary>
    public required string SpawnErr { get; init; }
    public required int ExitStatus { get; init; }
    public required string StdoutLogfile { get; init; }
    public required string StderrLogfile { get; init; }
    /// <summary>0 when not running.</summary>
    public required int Pid { get; init; }
    public required string Description { get; init; }
    /// <summary>The length of the current BACKOFF wait in seconds; 0 in any other state (an extension field).</summary>
    public double BackoffDelay { get; init; }
    /// <summary>Lines of this process dropped because the daemon's stdout/stderr did not keep up (an extension field).</summary>
    public long DroppedLines { get; init; }
}
