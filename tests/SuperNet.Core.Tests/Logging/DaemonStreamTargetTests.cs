using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Logging;

public sealed class DaemonStreamTargetTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 5, 18, 0, 0, 123, TimeSpan.Zero);

    private sealed class Output : IDisposable
    {
        private readonly MemoryStream stream = new();
        public Output(TimeProvider? time = null)
        {
            Writer = new BoundedStreamWriter(new Locked(stream), "stdout", () => null);
            Time = time ?? TimeProvider.System;
        }
        public BoundedStreamWriter Writer { get; }
        public TimeProvider Time { get; }
        public DropCounter Drops { get; } = new("web");

        public DaemonStreamTarget Target(ContainerLogOptions options, bool colour = false, string name = "web") =>
            new(Writer, Drops, LineFormat.For(name, "stdout", options, colour), Time);

        public string Text()
        {
            Writer.Close(TimeSpan.FromSeconds(10));
            lock (stream)
                return Encoding.UTF8.GetString(stream.ToArray());
        }

        public string Current()
        {
            lock (stream)
                return Encoding.UTF8.GetString(stream.ToArray());
        }

        public void Dispose() => Writer.Dispose();
    }

    // MemoryStream read by the test while the writer thread writes.
    private sealed class Locked(MemoryStream inner) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (inner)
                inner.Write(buffer, offset, count);
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    private static void Write(DaemonStreamTarget target, string text) => target.Write(Encoding.UTF8.GetBytes(text));

    [Fact]
    public void Without_a_prefix_bytes_pass_unchanged_and_a_partial_line_waits_for_its_end()
    {
        using var output = new Output();
        var target = output.Target(ContainerLogOptions.Default);
        Write(target, "one\ntw");
        Write(target, "o\nthree");
        target.Flush();
        Assert.Equal("one\ntwo\nthree", output.Text());
    }

    [Fact]
    public void Prefixes_go_before_every_line_with_the_time_where_asked()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = output.Target(new ContainerLogOptions { Prefix = "%(time)s web_1 | " }, name: "web_1");
        Write(target, "a\nb\nc");
        target.Flush();
        Assert.Equal("2026-12-05T18:00:00.123Z web_1 | a\n2026-12-05T18:00:00.123Z web_1 | b\n2026-12-05T18:00:00.123Z web_1 | c\n", output.Text());
    }

    [Fact]
    public void Colour_wraps_the_prefix_only()
    {
        using var output = new Output();
        var target = output.Target(new ContainerLogOptions { Prefix = "web | " }, colour: true);
        Write(target, "x\n");
        var text = output.Text();
        Assert.Matches("^\u001b\\[3[1-6]mweb \\| \u001b\\[0mx\n$", text);
    }

    [Fact]
    public void Json_lines_carry_time_program_stream_and_line()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = output.Target(new ContainerLogOptions { Json = true });
        target.Write([.. "plain\r\n"u8, .. "quote \" back \\ tab \t ctl \u0001 \u00e9\n"u8, 0xff, .. "\n"u8]);
        var lines = output.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var parsed = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(parsed, p =>
        {
            Assert.Equal("2026-12-05T18:00:00.123Z", p.GetProperty("time").GetString());
            Assert.Equal("web", p.GetProperty("program").GetString());
            Assert.Equal("stdout", p.GetProperty("stream").GetString());
        });
        Assert.Equal(["plain", "quote \" back \\ tab \t ctl \u0001 \u00e9", "\ufffd"], parsed.Select(p => p.GetProperty("line").GetString()));
    }

    [Fact]
    public async Task A_partial_line_goes_out_alone_after_the_timeout()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = output.Target(new ContainerLogOptions { Prefix = "web | " });
        Write(target, "no newline yet");
        time.Advance(DaemonStreamTarget.PartialTimeout - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.Equal("", output.Current());
        time.Advance(TimeSpan.FromMilliseconds(1));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Current() == "" && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal("web | no newline yet\n", output.Current());
    }

    [Fact]
    public async Task A_partial_line_sent_at_the_timeout_keeps_a_character_it_has_only_begun_for_the_next_piece()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = await CafHeldAtTheTimeout(time, output);
        target.Write([0xa9, .. "\n"u8]);
        target.Flush();
        var lines = output.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString());
        Assert.Equal(["caf", "\u00e9"], lines);
    }

    [Fact]
    public async Task A_character_never_finished_goes_out_alone_after_the_character_wait()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = await CafHeldAtTheTimeout(time, output);
        Assert.Contains("\"line\":\"caf\"", output.Current());

        // Another partial timeout is not enough: the character's bytes wait longer than a line's.
        time.Advance(DaemonStreamTarget.PartialTimeout);
        Assert.Single(Lines(output.Current()));

        // The program never sends the é's second byte: its first goes out alone after the character wait.
        time.Advance(DaemonStreamTarget.CharacterWait - DaemonStreamTarget.PartialTimeout);
        await UntilLines(output, 2);
        Assert.Equal(["caf", "\ufffd"], Lines(output.Text()).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()));
    }

    [Fact]
    public async Task A_line_that_follows_a_held_character_waits_the_partial_timeout_not_the_character_wait()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = await CafHeldAtTheTimeout(time, output);

        // The character ends, the line goes on unfinished: it goes out one partial timeout later.
        target.Write([0xa9, .. " au lait"u8]);
        time.Advance(DaemonStreamTarget.PartialTimeout);
        await UntilLines(output, 2);
        Assert.Equal(["caf", "\u00e9 au lait"], Lines(output.Text()).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()));
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    // "café" written in two pieces, the pause between them splitting the é: at the partial timeout "caf" goes out.
    private static async Task<DaemonStreamTarget> CafHeldAtTheTimeout(FakeTimeProvider time, Output output)
    {
        var target = output.Target(new ContainerLogOptions { Json = true });
        target.Write([.. "caf"u8, 0xc3]);
        time.Advance(DaemonStreamTarget.PartialTimeout);
        await UntilLines(output, 1);
        return target;
    }

    private static async Task UntilLines(Output output, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Lines(output.Current()).Length < count && DateTime.UtcNow < deadline)
            await Task.Delay(10);
    }

    [Fact]
    public async Task At_the_timeout_the_pump_reads_the_pipe_first_and_a_line_it_completes_goes_out_whole()
    {
        var time = new FakeTimeProvider(T0);
        using var output = new Output(time);
        var target = output.Target(new ContainerLogOptions { Prefix = "web | " });
        // The rest of the line was in the pipe, unread: the pump reads it when asked, then lets the target decide.
        var reads = 0;
        target.ReadBy(done =>
        {
            if (Interlocked.Increment(ref reads) == 1)
                Write(target, "def\n");
            done();
        });
        Write(target, "abc");
        time.Advance(DaemonStreamTarget.PartialTimeout);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Current() == "" && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal("web | abcdef\n", output.Current());

        // Nothing more in the pipe: the start goes out alone, as before.
        Write(target, "ghi");
        time.Advance(DaemonStreamTarget.PartialTimeout);
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (!output.Current().EndsWith("ghi\n", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.Equal("web | abcdef\nweb | ghi\n", output.Current());
        Assert.Equal(2, Volatile.Read(ref reads));
    }

    [Fact]
    public async Task A_partial_line_held_while_its_pipe_was_paused_gets_its_whole_timeout_once_the_pipe_is_read_again()
    {
        var time = new FakeTimeProvider(T0);
        using var blocked = new BlockingStream();
        using var writer = new BoundedStreamWriter(blocked, "stdout", () => null, time);
        var target = new DaemonStreamTarget(writer, new DropCounter("web"),
            LineFormat.For("web", "stdout", new ContainerLogOptions { Prefix = "web | " }, false), time);
        Write(target, "first\n");
        Assert.True(blocked.Entered.Wait(TimeSpan.FromSeconds(30)), "the writer never wrote");
        var line = new string('y', 99) + "\n";
        Write(target, string.Concat(Enumerable.Repeat(line, BoundedStreamWriter.Capacity / 2 / line.Length + 1)) + "unfinished");
        using var resumed = new ManualResetEventSlim();
        Assert.True(target.WaitForRoom(resumed.Set), "the full queue did not pause the source");

        // The consumer takes the queue 150 ms later; the pump then reads the pipe again, late (loaded machine).
        time.Advance(TimeSpan.FromMilliseconds(150));
        blocked.Release();
        Assert.True(resumed.Wait(TimeSpan.FromSeconds(30)), "the paused source was never resumed");
        time.Advance(TimeSpan.FromMilliseconds(100));
        await Task.Delay(50);
        Assert.DoesNotContain("unfinished", Encoding.UTF8.GetString(blocked.Written()));

        time.Advance(DaemonStreamTarget.PartialTimeout - TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!Encoding.UTF8.GetString(blocked.Written()).EndsWith("web | unfinished\n", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        Assert.EndsWith("web | unfinished\n", Encoding.UTF8.GetString(blocked.Written()));
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void A_long_line_is_cut_between_characters_so_each_piece_stays_text(bool json, bool unfinished)
    {
        using var output = new Output();
        var target = output.Target(json ? new ContainerLogOptions { Json = true } : new ContainerLogOptions { Prefix = "> " });
        // One odd byte first, so the limit falls inside a two-byte character; then a four-byte one on the next cut.
        var line = "x" + new string('é', 40000) + string.Concat(Enumerable.Repeat("😀", 20000));
        var bytes = Encoding.UTF8.GetBytes(line);
        if (unfinished)
        {
            // Read by read, as a pipe hands over a line written in pieces: the cut falls on what is held.
            foreach (var piece in bytes.Chunk(4096))
                target.Write(piece);
            target.Write("\n"u8);
        }
        else
        {
            target.Write([.. bytes, .. "\n"u8]);
        }
        var pieces = output.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => json ? JsonDocument.Parse(l).RootElement.GetProperty("line").GetString()! : l["> ".Length..]).ToList();
        Assert.True(pieces.Count > 2, $"{pieces.Count} pieces");
        Assert.All(pieces, p => Assert.DoesNotContain('\ufffd', p));
        Assert.All(pieces[..^1], p => Assert.InRange(Encoding.UTF8.GetByteCount(p), DaemonStreamTarget.MaxLine - 3, DaemonStreamTarget.MaxLine));
        Assert.Equal(line, string.Concat(pieces));
    }

    [Fact]
    public void An_unfinished_line_goes_out_once_it_reaches_the_maximum()
    {
        using var output = new Output();
        var target = output.Target(new ContainerLogOptions { Prefix = "> " });
        Write(target, new string('x', DaemonStreamTarget.MaxLine - 1));
        Write(target, "xx");
        Write(target, "tail\n");
        var lines = output.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        // Cut where it reaches the maximum, not after the write that took it past.
        Assert.Equal(["> " + new string('x', DaemonStreamTarget.MaxLine), "> xtail"], lines);
    }

    [Fact]
    public void A_consumer_that_stops_reading_pauses_sources_then_costs_whole_lines_counted_and_reported()
    {
        using var blocked = new BlockingStream();
        var reports = new List<string>();
        using var writer = new BoundedStreamWriter(blocked, "stdout", () => (_, m) => { lock (reports) reports.Add(m); });
        var drops = new DropCounter("flood");
        var target = new DaemonStreamTarget(writer, drops, LineFormat.For("flood", "stdout", new ContainerLogOptions { Prefix = "flood | " }, false), TimeProvider.System);
        var line = Encoding.UTF8.GetBytes(new string('y', 99) + "\n");
        const int Lines = 100_000;
        using var resumed = new AutoResetEvent(false);
        for (int i = 0; i < Lines; i++)
        {
            target.Write(line);
            // As the pump does: a full queue pauses the pipe until the writer gives up on the consumer.
            if (writer.WaitForRoom(() => resumed.Set()))
                Assert.True(resumed.WaitOne(TimeSpan.FromSeconds(30)), "the paused source was never resumed");
        }
        // At most one buffer being written (stuck) and one full one (plus the block that filled it) wait; the rest is dropped.
        const int LineBytes = 108;
        Assert.InRange(drops.Count, Lines - 2 * BoundedStreamWriter.Capacity / LineBytes, Lines - BoundedStreamWriter.Capacity / LineBytes);
        lock (reports)
            Assert.Equal(["supernetd's stdout is not keeping up: dropping whole lines (first from flood) until it does"], reports);

        blocked.Release();
        writer.Close(TimeSpan.FromSeconds(10));
        var written = Encoding.UTF8.GetString(blocked.Written());
        Assert.All(written.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => Assert.Equal("flood | " + new string('y', 99), l));
        Assert.Equal(Lines - drops.Count, written.Count(c => c == '\n'));
        lock (reports)
            Assert.Equal($"supernetd's stdout caught up after dropping {drops.Count} lines (flood: {drops.Count})", reports[^1]);
    }

    [Fact]
    public void A_slow_consumer_pauses_sources_at_its_pace_and_loses_no_line()
    {
        var reports = new List<string>();
        using var slow = new SlowStream();
        using var writer = new BoundedStreamWriter(slow, "stdout", () => (_, m) => { lock (reports) reports.Add(m); });
        var drops = new DropCounter("web");
        var target = new DaemonStreamTarget(writer, drops, LineFormat.For("web", "stdout", new ContainerLogOptions { Prefix = "web | " }, false), TimeProvider.System);
        const int Lines = 600_000;
        using var resumed = new AutoResetEvent(false);
        int pauses = 0;
        var chunk = new StringBuilder();
        for (int i = 0; i < Lines; i++)
        {
            chunk.Append(i).Append('\n');
            if (chunk.Length < 60_000 && i < Lines - 1)
                continue;
            target.Write(Encoding.ASCII.GetBytes(chunk.ToString()));
            chunk.Clear();
            if (writer.WaitForRoom(() => resumed.Set()))
            {
                pauses++;
                Assert.True(resumed.WaitOne(TimeSpan.FromSeconds(30)), "the paused source was never resumed");
            }
        }
        writer.Close(TimeSpan.FromSeconds(60));

        Assert.True(pauses > 0, "the queue never filled");
        Assert.Equal(0, drops.Count);
        lock (reports)
            Assert.Empty(reports);
        var written = Encoding.ASCII.GetString(slow.Written()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(0, Lines).Select(i => $"web | {i}"), written);
    }

    // A consumer that takes every write, a few milliseconds late.
    private sealed class SlowStream : Stream
    {
        private readonly MemoryStream written = new();
        public byte[] Written()
        {
            lock (written)
                return written.ToArray();
        }
        public override void Write(byte[] buffer, int offset, int count)
        {
            Thread.Sleep(20);
            lock (written)
                written.Write(buffer, offset, count);
        }
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }

    // A pipe nobody reads: every write blocks until released.
    private sealed class BlockingStream : Stream
    {
        private readonly ManualResetEventSlim open = new();
        private readonly MemoryStream written = new();
        /// <summary>Set once the writer is blocked in its first write.</summary>
        public ManualResetEventSlim Entered { get; } = new();
        public void Release() => open.Set();
        public byte[] Written()
        {
            lock (written)
                return written.ToArray();
        }
        public override void Write(byte[] buffer, int offset, int count)
        {
            Entered.Set();
            open.Wait();
            lock (written)
                written.Write(buffer, offset, count);
        }
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
