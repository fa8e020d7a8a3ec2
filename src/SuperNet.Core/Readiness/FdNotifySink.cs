using SuperNet.Core.Os;

namespace SuperNet.Core.Readiness;

/// <summary>ready=fd:N: the pump reads the pipe; the first newline means ready (s6's notification-fd).</summary>
internal sealed class FdNotifySink(IProbeHost host, Action ready) : IOutputSink
{
    private int signalled;

    public void OnData(ReadOnlySpan<byte> data)
    {
        if (data.IndexOf((byte)'\n') >= 0 && Interlocked.Exchange(ref signalled, 1) == 0)
        {
            host.Post(ready);
        }
    }

    public void OnClosed()
    {
    }
}
