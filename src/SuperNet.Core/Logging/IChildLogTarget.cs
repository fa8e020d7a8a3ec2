using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>
/// Where a channel's logged bytes go: a channel log file, syslog, or one of the daemon's own streams shared
/// with other channels (<see cref="DaemonStreamTarget"/>).
/// </summary>
public interface IChildLogTarget
{
    /// <summary>Called on the output pump thread with bytes exactly as they should be stored.</summary>
    void Write(ReadOnlySpan<byte> data);

    /// <summary>The spawn's pipe reached end of file: nothing more of an unfinished line will come.</summary>
    void Flush()
    {
    }

    /// <summary>The queue these bytes wait in for a slow consumer (a daemon stream), or null.</summary>
    IOutputRoom? Room => null;
}
