using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests;

/// <summary>An in-memory main log for tests of code that logs; records every level from the threshold up.</summary>
internal sealed class RecordingLog(LogLevel threshold = LogLevel.Blather) : IMainLog, IReopenable
{
    private readonly object gate = new();
    private readonly List<(LogLevel Level, string Message)> lines = [];
    public int Reopened { get; private set; }

    public void Log(LogLevel level, string message)
    {
        lock (gate)
        {
            lines.Add((level, message));
        }
    }

    public bool IsEnabled(LogLevel level) => level >= threshold;

    public void Reopen() => Reopened++;

    public IReadOnlyList<(LogLevel Level, string Message)> Lines
    {
        get
        {
            lock (gate)
            {
                return [.. lines];
            }
        }
    }

    public IReadOnlyList<string> Messages => [.. Lines.Select(l => l.Message)];

    /// <summary>Lines at or above Debug whose text starts with one of the prefixes, for compact assertions.</summary>
    public IReadOnlyList<string> Matching(params string[] prefixes) =>
        [.. Lines.Where(l => prefixes.Any(p => l.Message.StartsWith(p, StringComparison.Ordinal)))
            .Select(l => $"{l.Level.ToString().ToUpperInvariant()} {l.Message}")];
}
