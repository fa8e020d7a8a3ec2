namespace SuperNet.Core.Logging;

/// <summary>The outcome of clearLog: True, <c>NO_FILE</c> or <c>FAILED</c>.</summary>
public enum LogClearResult
{
    Cleared,
    NoFile,
    Failed,
}
