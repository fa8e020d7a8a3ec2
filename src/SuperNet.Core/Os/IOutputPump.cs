using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Os;

/// <summary>One epoll thread reading every child pipe (linux-process-notes §6).</summary>
public interface IOutputPump
{
    /// <summary>Starts watching a read end; the pump owns and eventually disposes the handle.</summary>
    void Add(SafeFileHandle readEnd, IOutputSink sink);
}
