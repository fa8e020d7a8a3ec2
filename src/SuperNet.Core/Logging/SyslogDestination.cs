using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary><c>logfile=syslog</c>: each line of a message becomes one syslog message in the main-log format.</summary>
internal sealed class SyslogDestination(SyslogClient client) : IMainLogDestination
{
    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        foreach (string line in message.TrimEnd('\n').Split('\n'))
            client.Send(MainLogLine.Format(localTime, level, line));
    }

    public void Reopen()
    {
    }

    public void Dispose() => client.Dispose();
}
