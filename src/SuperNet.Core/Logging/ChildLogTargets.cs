using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Logging;

/// <summary>Assembles a channel's target from its options: the file writer, syslog, both, or nothing.</summary>
public static class ChildLogTargets
{
    /// <returns>null when the channel logs nowhere (its output is read and discarded).</returns>
    public static IChildLogTarget? For(string processName, ChildLogOptions options, ChildLogWriter? writer, SyslogClient? syslog,
        IChildLogTarget? daemonStream = null)
    {
        IChildLogTarget? toSyslog = options.Syslog && syslog is not null ? new SyslogChildTarget(syslog, processName) : null;
        IChildLogTarget? main = (IChildLogTarget?)writer ?? daemonStream;
        return (main, toSyslog) switch
        {
            (null, null) => null,
            (not null, null) => main,
            (null, not null) => toSyslog,
            _ => new Tee(main, toSyslog),
        };
    }

    private sealed class Tee(IChildLogTarget first, IChildLogTarget second) : IChildLogTarget
    {
        // A file that fails (or whose rotation fails after the write) must not cost syslog its copy; the
        // failure still reaches the sink, which reports it.
        public void Write(ReadOnlySpan<byte> data)
        {
            try
            {
                first.Write(data);
            }
            finally
            {
                second.Write(data);
            }
        }

        public void Flush()
        {
            first.Flush();
            second.Flush();
        }

        public IOutputRoom? Room => first.Room ?? second.Room;

        // Only the file refuses: syslog's datagrams are sent or dropped without a word.
        public bool Refusing => first.Refusing;
    }
}
