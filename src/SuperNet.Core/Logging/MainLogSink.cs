using System.Globalization;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>The Serilog sink behind <see cref="MainLog"/>: hands each event to supervisord's destinations in order.</summary>
internal sealed class MainLogSink(IReadOnlyList<IMainLogDestination> destinations) : ILogEventSink, IDisposable
{
    /// <summary>The property carrying the exact supervisord level (TRAC and BLAT share Serilog's Verbose).</summary>
    public const string LevelProperty = "SupervisorLevel";

    public Lock Gate { get; } = new();
    public IReadOnlyList<IMainLogDestination> Destinations { get; } = destinations;

    public void Emit(LogEvent logEvent)
    {
        // Every event comes from MainLog.Log, which always attaches the exact level.
        var level = (LogLevel)((ScalarValue)logEvent.Properties[LevelProperty]).Value!;
        string message = logEvent.RenderMessage(CultureInfo.InvariantCulture);
        lock (Gate)
        {
            foreach (var destination in Destinations)
            {
                // One failing destination (a closed stdout) must not cost the others their line.
                try
                {
                    destination.Write(logEvent.Timestamp, level, message);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
                {
                    SelfLog.WriteLine("main log destination {0} failed: {1}", destination, e);
                }
            }
        }
    }

    public void Dispose()
    {
        lock (Gate)
        {
            foreach (var destination in Destinations)
                destination.Dispose();
        }
    }
}
