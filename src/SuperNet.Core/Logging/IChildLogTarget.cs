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

    /// <summary>
    /// A write failed and the target has not recovered since, though later writes returned: they belong to that same
    /// failure, already reported (a full disk that still takes what fits in its last page).
    /// </summary>
    bool Refusing => false;
}
