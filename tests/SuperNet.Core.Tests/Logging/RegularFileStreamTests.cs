using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

/// <summary>
/// A daemon stream that is a regular file (writesWait: false): an appender finding the queue idle writes its own
/// block, and everything else still goes through the queue, in order, one writer at a time.
/// </summary>
public sealed class RegularFileStreamTests
{
    [Fact]
    public void A_block_appended_while_nothing_is_queued_is_written_by_the_appending_thread()
    {
        using var file = new RecordingStream();
        using var writer = new BoundedStreamWriter(file, "stdout", () => null, writesWait: false);
        var format = LineFormat.For("web", "stdout", new ContainerLogOptions { Prefix = "web | " }, colour: false);
        var target = new DaemonStreamTarget(writer, new DropCounter("web"), format, TimeProvider.System);

        writer.Append("main log line\n"u8, new DropCounter("main"), pausable: false);
        target.Write("one\ntw"u8);
        target.Write("o\n"u8);

        // Written before Append and Write returned, by this thread: no hand-off to a writer thread.
        Assert.Equal("main log line\nweb | one\nweb | two\n", file.Text());
        Assert.All(file.Writers(), id => Assert.Equal(Environment.CurrentManagedThreadId, id));
    }

    [Fact]
    public void Blocks_appended_while_one_is_being_written_wait_behind_it_in_order_and_no_two_writes_overlap()
    {
        using var file = new RecordingStream(blockFirstWrite: true);
        using var writer = new BoundedStreamWriter(file, "stdout", () => null, writesWait: false);
        var drops = new DropCounter("web");
        var first = Task.Run(() => writer.Append("a1\n"u8, drops));
        Assert.True(file.Entered.Wait(TimeSpan.FromSeconds(30)), "the first block was never written");

        // The stream is busy: these are queued, and none of them waits for it.
        writer.Append("b1\n"u8, drops);
        Assert.True(writer.TryAppendInPlace(3, 0, static (into, _) =>
        {
            "b2\n"u8.CopyTo(into);
            return 3;
        }));
        writer.Append("b3\n"u8, drops, pausable: false);
        Assert.Equal("", file.Text());

        file.Release();
        Assert.True(first.Wait(TimeSpan.FromSeconds(30)));
        writer.Close(TimeSpan.FromSeconds(30));
        Assert.Equal("a1\nb1\nb2\nb3\n", file.Text());
        Assert.Equal(1, file.MostAtOnce);
        Assert.Equal(0, drops.Count);
    }

    // Two programs' pumps and the main log at once, chunks cut anywhere: whole lines, each program's in order.
    [Fact]
    public void Lines_cut_across_chunks_from_several_sources_reach_the_file_whole_and_in_order()
    {
        using var file = new RecordingStream();
        using var writer = new BoundedStreamWriter(file, "stdout", () => null, writesWait: false);
        const int Lines = 20_000;
        var sources = new[] { "w1", "w2" }.Select(name => Task.Run(() =>
        {
            var format = LineFormat.For(name, "stdout", new ContainerLogOptions { Prefix = name + " | " }, colour: false);
            var target = new DaemonStreamTarget(writer, new DropCounter(name), format, TimeProvider.System);
            var text = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, Lines).Select(i => $"{name} {i} {new string('x', i % 150)}\n")));
            var random = new Random(name[1]);
            for (int at = 0; at < text.Length;)
            {
                int length = Math.Min(random.Next(1, 9000), text.Length - at);
                target.Write(text.AsSpan(at, length));
                at += length;
            }
            target.Flush();
        })).Append(Task.Run(() =>
        {
            var main = new DropCounter("main");
            for (int i = 0; i < 2000; i++)
                writer.Append(Encoding.ASCII.GetBytes($"main {i}\n"), main, pausable: false);
        })).ToArray();
        Assert.True(Task.WaitAll(sources, TimeSpan.FromSeconds(60)));
        writer.Close(TimeSpan.FromSeconds(30));

        var next = new Dictionary<string, int> { ["w1"] = 0, ["w2"] = 0, ["main"] = 0 };
        foreach (var line in file.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ');
            if (parts[0] == "main")
            {
                Assert.Equal(next["main"]++, int.Parse(parts[1]));
                continue;
            }
            Assert.Equal([parts[0], "|", parts[0]], parts[..3]);
            int seq = int.Parse(parts[3]);
            Assert.Equal(next[parts[0]]++, seq);
            Assert.Equal(new string('x', seq % 150), parts[4]);
        }
        Assert.Equal(Lines, next["w1"]);
        Assert.Equal(Lines, next["w2"]);
        Assert.Equal(2000, next["main"]);
        Assert.Equal(1, file.MostAtOnce);
    }

    // A file stand-in that records who wrote and whether two writes ever overlapped.
    private sealed class RecordingStream(bool blockFirstWrite = false) : Stream
    {
        private readonly MemoryStream written = new();
        private readonly List<int> writers = [];
        private readonly ManualResetEventSlim open = new(!blockFirstWrite);
        private int inside;
        private int mostAtOnce;

        public ManualResetEventSlim Entered { get; } = new();
        public int MostAtOnce => Volatile.Read(ref mostAtOnce);
        public void Release() => open.Set();

        public string Text()
        {
            lock (written)
                return Encoding.ASCII.GetString(written.ToArray());
        }

        public List<int> Writers()
        {
            lock (written)
                return [.. writers];
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            int now = Interlocked.Increment(ref inside);
            int most;
            while (now > (most = Volatile.Read(ref mostAtOnce)) && Interlocked.CompareExchange(ref mostAtOnce, now, most) != most)
            {
            }
            Entered.Set();
            open.Wait();
            lock (written)
            {
                written.Write(buffer);
                writers.Add(Environment.CurrentManagedThreadId);
            }
            Interlocked.Decrement(ref inside);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            open.Set();
            base.Dispose(disposing);
        }
    }
}
