namespace SuperNet.Ctl.Cli;

/// <summary>A command-line or configuration error: printed as `Error: ...` plus a help hint, exit 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
