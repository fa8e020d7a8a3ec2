using SuperNet.Core.Config;
using SuperNet.Linux;

namespace SuperNet.Daemon;

/// <summary>The main log's lines about the reaper's sentinel child (ADR 0009), the only place that says it is missing.</summary>
internal static class SentinelNotes
{
    private const string Fallback = "trying again every second, and until then an orphan is reaped up to 1 s late while no program runs";

    public static (LogLevel Level, string Message) Line(SentinelTrouble? trouble) => trouble switch
    {
        null => (LogLevel.Info, "the reaper's sentinel child started; orphans are reaped at once again"),
        { Exit: { } exit } => (LogLevel.Warn,
            $"the reaper's sentinel child (supernetd --reaper-sentinel) exited at start ({exit.Describe()}); {Fallback}"),
        { Errno: var errno, File: var file } => (LogLevel.Warn,
            $"couldn't start the reaper's sentinel child (supernetd --reaper-sentinel): {(file is null ? "" : file + ": ")}{ErrnoNames.Name(errno)}; {Fallback}"),
    };
}
