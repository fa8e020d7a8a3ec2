using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>A channel log whose file may wait for its reader (here a regular file said to be one) goes through its queue.</summary>
public class QueuedChildLogTests
{
    private static ChildLogQueueing Queueing(Func<bool> waits, DropCounter? drops = null) =>
        new(_ => waits(), drops ?? new DropCounter("p"), (_, _) => { }, TimeProvider.System);

    [Fact]
    public void A_file_that_may_wait_is_queued_never_spliced_nor_rotated_and_stays_open_past_the_pipe_end()
    {
        using var dir = new TempDir();
        var path = dir.File("out.log");
        var writer = new ChildLogWriter(path, maxBytes: 5, backups: 1, Queueing(() => true));
        writer.Open();
        Assert.NotNull(writer.Queue);
        Assert.True(writer.EverQueued);
        Assert.Null(writer.Append((_, _) => throw new InvalidOperationException("spliced into a queued file")));
        writer.Write("one\n"u8);
        writer.Write("two\n"u8);
        // A grandchild's late output must not make it open the file again, which could wait for a reader.
        writer.Flush();
        Assert.True(writer.IsOpen);
        // The close writes out what is queued before it lets the file go.
        writer.Dispose();
        Assert.Equal("one\ntwo\n", File.ReadAllText(path));
        Assert.False(File.Exists(path + ".1"));
    }

    [Fact]
    public void A_spawn_that_finds_a_regular_file_again_writes_it_directly()
    {
        using var dir = new TempDir();
        var path = dir.File("out.log");
        var waits = true;
        using var writer = new ChildLogWriter(path, maxBytes: 0, backups: 0, Queueing(() => waits));
        writer.Open();
        Assert.NotNull(writer.Queue);
        waits = false;
        // The FIFO was replaced by a regular file.
        File.Delete(path);
        writer.Open();
        Assert.Null(writer.Queue);
        writer.Write("direct\n"u8);
        Assert.Equal("direct\n", File.ReadAllText(path));
        Assert.True(writer.EverQueued);
    }

    [Fact]
    public void A_respawn_or_reopen_that_finds_the_same_file_keeps_it_and_its_queue_so_lines_stay_in_order()
    {
        using var dir = new TempDir();
        var path = dir.File("out.log");
        var writer = new ChildLogWriter(path, maxBytes: 0, backups: 0, Queueing(() => true));
        writer.Open();
        var queue = writer.Queue;
        writer.Write("first spawn\n"u8);
        writer.Open();
        Assert.Same(queue, writer.Queue);
        writer.Reopen();
        Assert.Same(queue, writer.Queue);
        writer.Write("second spawn\n"u8);
        writer.Dispose();
        Assert.Equal("first spawn\nsecond spawn\n", File.ReadAllText(path));
    }

    [Fact]
    public void A_file_reached_through_links_is_kept_with_its_queue_as_one_named_directly_is()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("real"));
        File.WriteAllText(dir.File("real/out.log"), "");
        Directory.CreateSymbolicLink(dir.File("dirlink"), "real");
        File.CreateSymbolicLink(dir.File("real/link.log"), "out.log");
        var path = dir.File("dirlink/link.log");
        var writer = new ChildLogWriter(path, maxBytes: 0, backups: 0, Queueing(() => true));
        writer.Open();
        var queue = writer.Queue;
        writer.Write("first spawn\n"u8);
        writer.Open();
        Assert.Same(queue, writer.Queue);
        writer.Reopen();
        Assert.Same(queue, writer.Queue);
        writer.Write("second spawn\n"u8);
        writer.Dispose();
        Assert.Equal("first spawn\nsecond spawn\n", File.ReadAllText(dir.File("real/out.log")));
    }

    [Fact]
    public void Without_queueing_every_file_is_written_directly()
    {
        using var dir = new TempDir();
        using var writer = ChildLogWriter.For(new ChildLogOptions { Path = dir.File("out.log") });
        writer!.Open();
        Assert.Null(writer.Queue);
        Assert.False(writer.EverQueued);
    }
}
