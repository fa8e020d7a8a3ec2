namespace SuperNet.Core.Logging;

/// <summary>
/// An AUTO child log file could not be made (childlogdir full, out of inodes, not writable). supervisord dies of
/// the OSError with a traceback; this carries the same facts as one sentence: which log, where, and why.
/// </summary>
public sealed class AutoLogCreateException(string processName, ChildChannel channel, string directory, Exception cause)
    : IOException($"could not create the AUTO {channel.Name()} log of {PythonRepr.Str(processName)} in {directory}: {cause.Message}", cause);
