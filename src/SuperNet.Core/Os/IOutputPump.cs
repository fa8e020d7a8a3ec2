using Microsoft.Win32.SafeHandles;

namespace SuperNet.Core.Os;

/// <summary>Receives one pipe's bytes on the pump thread; must not block.</summary>
public interface IOutputSink
{
    void OnData(ReadOnlySpan<byte> data);
    /// <summary>The write end closed (the child and all holders exited); the pump closed its fd.</summary>
    void OnClosed();
}

/// <summary>One epoll thread reading every child pipe (linux-process-notes §6).</summary>
public interface IOutputPump
{
    /// <summary>Starts watching a read end; the pump owns and eventually disposes the handle.</summary>
    void Add(SafeFileHandle readEnd, IOutputSink sink);
}
