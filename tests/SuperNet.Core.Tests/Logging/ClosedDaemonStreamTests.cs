using System.IO.Pipes;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>
/// supernetd's stdout is a real pipe whose reader has gone (`supernetd -n | head -1` after head exits): output sent
/// there is lost whatever happens, but the main log must say so, once, rather than let it vanish without a word
/// (supervisord prints a BrokenPipeError traceback for every line).
/// </summary>
public class ClosedDaemonStreamTests
{
    [Fact]
    public void A_stream_whose_reader_is_gone_is_reported_once_in_the_main_log()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using (var reader = new AnonymousPipeClientStream(PipeDirection.In, pipe.ClientSafePipeHandle))
        {
        }
        pipe.DisposeLocalCopyOfClientHandle();
        var reports = new List<(LogLevel Level, string Message)>();
        using var writer = new BoundedStreamWriter(pipe, "stdout", () => (level, m) => { lock (reports) reports.Add((level, m)); });
        var source = new DropCounter("web");
        var line = Encoding.UTF8.GetBytes("hello\n");
        writer.Append(line, source);
        Wait.Until(() => { lock (reports) { return reports.Count > 0; } }, "the report of the closed stream");
        // More writes fail the same way; they are not reported again.
        for (var i = 0; i < 50; i++)
        {
            writer.Append(line, source);
        }
        writer.Close(Wait.Default);

        lock (reports)
        {
            var report = Assert.Single(reports);
            Assert.Equal(LogLevel.Error, report.Level);
            Assert.StartsWith("supernetd's stdout cannot be written (", report.Message, StringComparison.Ordinal);
            Assert.EndsWith("): what is sent to it is dropped", report.Message, StringComparison.Ordinal);
        }
    }
}
