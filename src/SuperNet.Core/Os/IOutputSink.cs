namespace SuperNet.Core.Os;

/// <summary>Receives one pipe's bytes on the pump thread; must not block.</summary>
public interface IOutputSink
{
    void OnData(ReadOnlySpan<byte> data);
    /// <summary>The write end closed (the child and all holders exited); the pump closed its fd.</summary>
    void OnClosed();

    /// <summary>
    /// Where this sink's bytes queue for a consumer that may be slow (one of the daemon's own streams); null
    /// when they never wait. While it is full the pump stops reading this pipe only, so its writer blocks on
    /// its own pipe and every other pipe keeps flowing.
    /// </summary>
    IOutputRoom? Room => null;

    /// <summary>
    /// A log file the pump may move this pipe's bytes into inside the kernel (splice), because nothing in the
    /// daemon needs to see them; null otherwise. Asked once, when the pipe is added; a sink whose bytes must
    /// pass through it after all (strip_ansi turned on by a reread, the rest of a line a full disk cost) answers
    /// null from Append while they must.
    /// </summary>
    IDirectFileOutput? DirectFile => null;
}
