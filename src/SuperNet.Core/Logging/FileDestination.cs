using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>The main log's <c>logfile</c>, written as UTF-8 with supervisord's rotation.</summary>
internal sealed class FileDestination(RotatingLogFile file) : IMainLogDestination
{
    public RotatingLogFile File { get; } = file;

    public void Write(DateTimeOffset localTime, LogLevel level, string message) =>
        File.Write(Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, level, message)));

    public void Reopen() => File.Reopen();

    public void Dispose() => File.Dispose();
}
