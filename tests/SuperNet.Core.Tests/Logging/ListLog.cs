using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>An in-memory main log for tests of code that logs.</summary>
public sealed class ListLog(LogLevel threshold = LogLevel.Info) : IMainLog
{
    private readonly Lock gate = new();
    private readonly List<(LogLevel Level, string Message)> entries = [];

    public IReadOnlyList<(LogLevel Level, string Message)> Entries
    {
        get
        {
            lock (gate)
                return entries.ToList();
        }
    }

    public bool IsEnabled(LogLevel level) => level >= threshold;

    public void Log(LogLevel level, string message)
    {
        lock (gate)
            entries.Add((level, message));
    }
}
