using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>
/// What the pump calls for one child pipe: the log sink, a copy of each chunk for a reader (a listener's
/// protocol, paced by its <paramref name="backlog"/>), and a notice at end of file so the exit can be finished after
/// the last output.
/// </summary>
internal sealed class PipeSink(IOutputSink log, Action<byte[]>? reader, Action closed, Action<int>? counted = null,
    ProtocolBacklog? backlog = null) : IOutputSink
{
    public void OnData(ReadOnlySpan<byte> data)
    {
        counted?.Invoke(data.Length);
        log.OnData(data);
        reader?.Invoke(data.ToArray());
    }

    // A listener logging to supernetd's own stdout is paced by that queue alone: the pump matches a queue's pipes
    // by their room, so one pipe cannot answer to two.
    public IOutputRoom? Room => log.Room ?? backlog;

    // A listener's protocol reader needs the bytes. Spliced bytes are counted as they move, as read ones are.
    public IDirectFileOutput? DirectFile => reader is not null || log.DirectFile is not { } file ? null
        : counted is null ? file : new CountedDirectFile(file, counted);

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

/// <summary>A spliced log file whose moved bytes feed the same count as the bytes the daemon reads.</summary>
internal sealed class CountedDirectFile(IDirectFileOutput file, Action<int> counted) : IDirectFileOutput
{
    public long? Append(Func<Microsoft.Win32.SafeHandles.SafeFileHandle, long, long> move)
    {
        var moved = file.Append(move);
        if (moved > 0)
        {
            counted((int)moved.Value);
        }
        return moved;
    }
}
