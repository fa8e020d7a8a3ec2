using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Os;

/// <summary>One epoll thread reading every child pipe (linux-process-notes §6).</summary>
public interface IOutputPump
{
    /// <summary>Starts watching a read end; the pump owns and eventually disposes the handle.</summary>
    void Add(SafeFileHandle readEnd, IOutputSink sink);

    /// <summary>
    /// Reads what these pipes hold now into their sinks (to end of file where no writer is left), then calls
    /// <paramref name="done"/> on the pump's thread. A read end the pump has already closed is skipped.
    /// </summary>
    void Drain(IReadOnlyList<SafeFileHandle> readEnds, Action done);

    /// <summary>
    /// Reads what this pipe holds now into its sink, then stops watching it, closes it and calls the sink's
    /// OnClosed, even though a writer (something its child left running) may still hold it. Nothing happens
    /// when the pump has already closed it.
    /// </summary>
    void DrainAndClose(SafeFileHandle readEnd);
}
