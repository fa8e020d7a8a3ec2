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
}
