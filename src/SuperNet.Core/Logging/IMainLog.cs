using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>supervisord's main log (contract §9.1). Called only from the supervisor thread by the engine.</summary>
public interface IMainLog
{
    void Log(LogLevel level, string message);
    bool IsEnabled(LogLevel level);
}

/// <summary>A log that SIGUSR2 (§5.3) reopens, for external logrotate.</summary>
public interface IReopenable
{
    void Reopen();
}
