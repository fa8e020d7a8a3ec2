namespace SuperNet.Core.Logging;

/// <summary>
/// Where a channel's logged bytes go. A channel log file today; a later "stdout with name prefixes"
/// multiplexer would be another implementation sharing one output between channels.
/// </summary>
public interface IChildLogTarget
{
    /// <summary>Called on the output pump thread with bytes exactly as they should be stored.</summary>
    void Write(ReadOnlySpan<byte> data);
}
