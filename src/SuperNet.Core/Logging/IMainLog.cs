using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>supervisord's main log: one line per message at one of its seven levels.</summary>
public interface IMainLog
{
    void Log(LogLevel level, string message);
    bool IsEnabled(LogLevel level);
}
