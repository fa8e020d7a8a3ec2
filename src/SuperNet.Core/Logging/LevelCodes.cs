using SuperNet.Core.Config;
using Serilog.Events;

namespace SuperNet.Core.Logging;

/// <summary>The four-letter level names of supervisord's main log and their place among Serilog's six levels.</summary>
public static class LevelCodes
{
    public static string Code(LogLevel level) => level switch
    {
        LogLevel.Critical => "CRIT",
        LogLevel.Error => "ERRO",
        LogLevel.Warn => "WARN",
        LogLevel.Info => "INFO",
        LogLevel.Debug => "DEBG",
        LogLevel.Trace => "TRAC",
        LogLevel.Blather => "BLAT",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "not a supervisord log level"),
    };

    // Serilog has one level below Debug; TRAC and BLAT both map to Verbose and the exact level
    // travels in a property so the line still says which one.
    public static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Critical => LogEventLevel.Fatal,
        LogLevel.Error => LogEventLevel.Error,
        LogLevel.Warn => LogEventLevel.Warning,
        LogLevel.Info => LogEventLevel.Information,
        LogLevel.Debug => LogEventLevel.Debug,
        _ => LogEventLevel.Verbose,
    };
}
