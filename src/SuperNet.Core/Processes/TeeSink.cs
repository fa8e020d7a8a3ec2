using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>Hands each chunk to a log sink and a copy of it to a reader (a listener's protocol).</summary>
internal sealed class TeeSink(IOutputSink log, Action<byte[]> reader) : IOutputSink
{
    public void OnData(ReadOnlySpan<byte> data)
    {
        log.OnData(data);
        reader(data.ToArray());
    }

    public void OnClosed() => log.OnClosed();
}
