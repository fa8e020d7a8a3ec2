using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// The nodaemon echo of the main log when child output shares the daemon's stdout: queued like the children's
/// lines, so no line of either is cut into the other; it never goes past the queue's bound, so a stdout nobody reads (or a
/// busy one) cannot stall the supervisor.
/// </summary>
/// <param name="stdoutFile">The logfile when it is this same stdout: while it says so, the echo queues its copy of the
/// line too, in the same block, so the two copies stay side by side.</param>
internal sealed class StreamEchoDestination(BoundedStreamWriter writer, DaemonStreamFileDestination? stdoutFile = null) : IMainLogDestination
{
    private readonly DropCounter drops = new("supervisord");

    public void Write(DateTimeOffset localTime, LogLevel level, string message)
    {
        var line = MainLogLine.Format(localTime, level, message);
        writer.Append(Encoding.UTF8.GetBytes(stdoutFile?.WrittenByEcho == true ? line + line : line), drops, pausable: false);
    }

    public void Reopen()
    {
    }

    // The daemon's stdout outlives the log.
    public void Dispose()
    {
    }
}
