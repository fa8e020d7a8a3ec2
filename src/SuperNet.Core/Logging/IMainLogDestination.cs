using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>Where main-log records go: the log file, the nodaemon echo, or syslog.</summary>
internal interface IMainLogDestination : IDisposable
{
    void Write(DateTimeOffset localTime, LogLevel level, string message);
    void Reopen();
}
