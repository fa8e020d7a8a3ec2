using Microsoft.Extensions.Time.Testing;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;

namespace SuperNet.Core.Tests.Logging;

/// <summary>
/// A channel log on a FIFO supernetd may write but not read, with no reader (its open fails with ENXIO, here a regular
/// file standing in for it): the spawn goes on, output is dropped and counted, and output tries the open again no
/// more than once per <see cref="ChildLogWriter.ReaderRetry"/>, with no timer.
/// </summary>
public class FifoWithoutReaderTests
{
    [Fact]
    public void Output_is_dropped_and_counted_and_retries_the_open_at_most_once_a_second_until_a_reader_comes()
    {
        using var dir = new TempDir();
        var path = dir.File("out.fifo");
        var opens = 0;
        var hasReader = false;
        var time = new FakeTimeProvider();
        var reports = new List<string>();
        var drops = new DropCounter("talk");
        var queueing = new ChildLogQueueing(_ => true, drops, (level, message) => reports.Add($"{level} {message}"), time, opened =>
        {
            opens++;
            return hasReader ? File.OpenHandle(opened, FileMode.Create, FileAccess.Write) : throw new FifoWithoutReaderException(opened);
        });
        var writer = new ChildLogWriter(path, maxBytes: 0, backups: 0, queueing);
        writer.Open();
        Assert.Equal(1, opens);
        Assert.Null(writer.Queue);
        Assert.True(writer.EverQueued);
        var dropped = Assert.Throws<IOException>(() => writer.Write("a\n"u8));
        Assert.Equal($"{path}: no reader has the FIFO open (ENXIO)", dropped.Message);
        Assert.Throws<IOException>(() => writer.Write("b\nc\n"u8));
        Assert.Null(writer.Append((_, _) => throw new InvalidOperationException("spliced without a reader")));
        Assert.Equal(1, opens);
        Assert.Equal(3, drops.Count);

        time.Advance(ChildLogWriter.ReaderRetry);
        Assert.Throws<IOException>(() => writer.Write("d\n"u8));
        Assert.Equal(2, opens);
        hasReader = true;
        Assert.Throws<IOException>(() => writer.Write("e\n"u8));
        Assert.Equal(2, opens);
        Assert.Empty(reports);

        time.Advance(ChildLogWriter.ReaderRetry);
        writer.Write("f\n"u8);
        Assert.Equal(3, opens);
        Assert.Equal(5, drops.Count);
        Assert.Equal([$"Warn supernetd's log file {path} has a reader again after dropping 5 lines (talk: 5)"], reports);
        Assert.NotNull(writer.Queue);
        writer.Dispose();
        Assert.Equal("f\n", File.ReadAllText(path));
    }
}
