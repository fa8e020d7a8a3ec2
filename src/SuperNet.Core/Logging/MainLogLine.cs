using System.Globalization;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>supervisord's main-log line: <c>YYYY-MM-DD HH:MM:SS,mmm LEVEL message\n</c> (contract §9.1).</summary>
public static class MainLogLine
{
    /// <summary>Formats with the clock time the timestamp carries (callers pass local time).</summary>
    public static string Format(DateTimeOffset localTime, LogLevel level, string message) =>
        string.Concat(Timestamp(localTime), " ", LevelCodes.Code(level), " ", message, "\n");

    // "fff" truncates, as supervisord's "%03d" of the fractional milliseconds does.
    public static string Timestamp(DateTimeOffset localTime) =>
        localTime.DateTime.ToString("yyyy-MM-dd HH:mm:ss,fff", CultureInfo.InvariantCulture);
}
