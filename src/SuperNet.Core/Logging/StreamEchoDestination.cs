using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// The nodaemon echo of the main log when child output shares the daemon's stdout: queued like the children's
/// lines, so no line of either is cut into the other; it never goes past the queue's bound, so a stdout nobody reads (or a
/// busy one) cannot stall the supervisor.
/// </summary>
internal sealed class StreamEchoDestination(BoundedStreamWriter writer) : IMainLogDestination
{
    private readonly DropCounter drops = new("supervisord");

    public void Write(DateTimeOffset localTime, LogLevel level, string message) =>
        writer.Append(Encoding.UTF8.GetBytes(MainLogLine.Format(localTime, level, message)), drops, pausable: false);

    public void Reopen()
    {
    }

    // The daemon's stdout outlives the log.
    public void Dispose()
    {
    }
}
