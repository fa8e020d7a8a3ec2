using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>Drains a pipe nobody logs, so the child never blocks on a full pipe.</summary>
internal sealed class DiscardSink : IOutputSink
{
    public static readonly DiscardSink Instance = new();

    public void OnData(ReadOnlySpan<byte> data)
    {
    }

    public void OnClosed()
    {
    }
}
