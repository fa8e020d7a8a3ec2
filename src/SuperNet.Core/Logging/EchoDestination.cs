using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>The nodaemon copy of every main-log line on supervisord's own stdout.</summary>
internal sealed class EchoDestination(TextWriter writer) : IMainLogDestination
{
    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        writer.Write(MainLogLine.Format(localTime, level, message));
        writer.Flush();
    }

    public void Reopen()
    {
    }

    // The daemon's stdout outlives the log.
    public void Dispose()
    {
    }
}
