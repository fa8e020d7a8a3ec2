using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>
/// What the pump calls for one child pipe: the log sink, a copy of each chunk for a reader (a listener's
/// protocol), and a notice at end of file so the exit can be finished after the last output.
/// </summary>
internal sealed class PipeSink(IOutputSink log, Action<byte[]>? reader, Action closed, Action<int>? counted = null) : IOutputSink
{
    public void OnData(ReadOnlySpan<byte> data)
    {
        counted?.Invoke(data.Length);
        log.OnData(data);
        reader?.Invoke(data.ToArray());
    }

    public IOutputRoom? Room => log.Room;

    // A listener's protocol reader needs the bytes.
    public IDirectFileOutput? DirectFile => reader is null ? log.DirectFile : null;

    public void OnClosed()
    {
        try
        {
            log.OnClosed();
        }
        finally
        {
            // Even if the log failed, the exit must not wait for an end of file that was already seen.
            closed();
        }
    }
}
