using System.Text;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

public sealed class OutputPumpTests
{
    [Fact]
    public async Task DataThenClosedAndTheHandleIsReleased()
    {
        using var pump = new EpollOutputPump();
        var (read, write) = Pipe();
        var sink = new CaptureSink();
        pump.Add(read, sink);
        using (var writer = new FileStream(write, FileAccess.Write, bufferSize: 0))
        {
            writer.Write(Encoding.UTF8.GetBytes("first\n"));
            Assert.Equal("first\n", await sink.WaitFor("first\n"));
            writer.Write(Encoding.UTF8.GetBytes("second\n"));
        }
        Assert.Equal("first\nsecond\n", await sink.ReadToEnd());
        await Wait.UntilAsync(() => read.IsClosed && pump.Count == 0, "the pump to close the read end");
    }

    [Fact]
    public void DisposeClosesWatchedHandles()
    {
        var pump = new EpollOutputPump();
        var (read, write) = Pipe();
        pump.Add(read, new CaptureSink());
        pump.Dispose();
        Assert.True(read.IsClosed);
        write.Dispose();
        Assert.Throws<ObjectDisposedException>(() => pump.Add(Pipe().Read, new CaptureSink()));
    }

    [Fact]
    public void PipeSizeIsApplied()
    {
        Assert.Equal(0, PipeSet.TryCreate(redirectStderr: true, pipeSize: 1 << 20, out var pipes));
        var ends = pipes!.TakeParentEnds();
        Assert.Null(ends.Stderr);
        const int F_GETPIPE_SZ = 1032;
        Assert.Equal(1 << 20, Libc.Fcntl((int)ends.Stdout.DangerousGetHandle(), F_GETPIPE_SZ, 0));
        Assert.Equal(Consts.O_NONBLOCK, Libc.Fcntl((int)ends.Stdout.DangerousGetHandle(), Consts.F_GETFL, 0) & Consts.O_NONBLOCK);
        ends.Stdin.Dispose();
        ends.Stdout.Dispose();
    }

    [Fact]
    public async Task A_sink_whose_queue_is_full_stops_only_its_own_pipe_until_resumed()
    {
        using var pump = new EpollOutputPump();
        var (fullRead, fullWrite) = Pipe();
        var (freeRead, freeWrite) = Pipe();
        var room = new FullRoom();
        var paused = new CaptureSink { Room = room };
        var free = new CaptureSink();
        pump.Add(fullRead, paused);
        pump.Add(freeRead, free);
        using var toPaused = new FileStream(fullWrite, FileAccess.Write, bufferSize: 0);
        using var toFree = new FileStream(freeWrite, FileAccess.Write, bufferSize: 0);

        toPaused.Write("first\n"u8);
        await paused.WaitFor("first\n");
        await Wait.UntilAsync(() => room.Waiting is not null, "the pump to ask for room");
        toPaused.Write("second\n"u8);
        toFree.Write("other\n"u8);
        await free.WaitFor("other\n");
        toFree.Write("more\n"u8);
        await free.WaitFor("more\n");
        Assert.Equal("first\n", paused.Text);

        room.Open();
        Assert.Equal("first\nsecond\n", await paused.WaitFor("second\n"));
    }

    [Fact]
    public async Task A_drain_reads_what_every_pipe_holds_paused_ones_included_and_leaves_them_watched()
    {
        using var pump = new EpollOutputPump();
        var (fullRead, fullWrite) = Pipe();
        var room = new FullRoom();
        var paused = new CaptureSink { Room = room };
        pump.Add(fullRead, paused);
        using var toPaused = new FileStream(fullWrite, FileAccess.Write, bufferSize: 0);
        toPaused.Write("first\n"u8);
        await paused.WaitFor("first\n");
        await Wait.UntilAsync(() => room.Waiting is not null, "the pump to ask for room");
        // More than one read's worth waits in the paused pipe.
        var rest = new string('x', EpollOutputPump.BufferSize / 2) + "\nlast\n";
        Assert.True(Libc.Fcntl((int)fullWrite.DangerousGetHandle(), Consts.F_SETPIPE_SZ, 1 << 20) >= 0, "the pipe could not grow");
        toPaused.Write(Encoding.ASCII.GetBytes(rest + rest));

        Assert.True(pump.Drain(TimeSpan.FromSeconds(30)), "the drain did not finish");
        Assert.Equal("first\n" + rest + rest, paused.Text);

        // Still watched: the end of file reaches the sink once the queue resumes the pipe.
        toPaused.Dispose();
        room.Open();
        await paused.ReadToEnd();
        await Wait.UntilAsync(() => pump.Count == 0, "the pump to close the drained pipe");
    }

    [Fact]
    public async Task A_drain_and_close_reads_what_the_pipe_holds_then_closes_it_though_a_writer_remains()
    {
        using var pump = new EpollOutputPump();
        var (read, write) = Pipe();
        var room = new FullRoom();
        var sink = new CaptureSink { Room = room };
        pump.Add(read, sink);
        // The writer stays open (something an exec probe left running): no end of file would ever come.
        using var writer = new FileStream(write, FileAccess.Write, bufferSize: 0);
        writer.Write("first\n"u8);
        await Wait.UntilAsync(() => room.Waiting is not null, "the pipe paused");
        writer.Write("last\n"u8);

        pump.DrainAndClose(read);
        Assert.Equal("first\nlast\n", await sink.ReadToEnd());
        await Wait.UntilAsync(() => read.IsClosed && pump.Count == 0, "the pump to close the read end");
        pump.DrainAndClose(read);
    }

    [Fact]
    public async Task A_drain_of_named_pipes_reads_only_those_and_then_answers()
    {
        using var pump = new EpollOutputPump();
        var (namedRead, namedWrite) = Pipe();
        var (otherRead, otherWrite) = Pipe();
        var namedRoom = new FullRoom();
        var otherRoom = new FullRoom();
        var named = new CaptureSink { Room = namedRoom };
        var other = new CaptureSink { Room = otherRoom };
        pump.Add(namedRead, named);
        pump.Add(otherRead, other);
        using var toNamed = new FileStream(namedWrite, FileAccess.Write, bufferSize: 0);
        using var toOther = new FileStream(otherWrite, FileAccess.Write, bufferSize: 0);
        toNamed.Write("first\n"u8);
        toOther.Write("first\n"u8);
        await Wait.UntilAsync(() => namedRoom.Waiting is not null && otherRoom.Waiting is not null, "both pipes paused");
        toNamed.Write("last\n"u8);
        toOther.Write("last\n"u8);

        using var answered = new ManualResetEventSlim();
        pump.Drain([namedRead], answered.Set);
        Assert.True(answered.Wait(TimeSpan.FromSeconds(30)), "the drain was never answered");
        Assert.Equal("first\nlast\n", named.Text);
        Assert.Equal("first\n", other.Text);
    }

    [Fact]
    public async Task A_pipe_into_a_plain_log_file_is_spliced_with_supervisords_rotation_and_nothing_lost()
    {
        var dir = Directory.CreateTempSubdirectory("pump-splice-");
        try
        {
            var path = Path.Combine(dir.FullName, "out.log");
            using var log = new SuperNet.Core.Logging.ChildLogWriter(path, maxBytes: 50_000, backups: 9);
            log.Open();
            using var pump = new EpollOutputPump();
            var (read, write) = Pipe();
            var sink = new CaptureSink { DirectFile = log };
            pump.Add(read, sink);
            var data = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Range(0, 40_000).Select(i => $"line {i:D6}\n")));
            using (var writer = new FileStream(write, FileAccess.Write, bufferSize: 0))
                writer.Write(data);
            await sink.ReadAllBytes();

            // Oldest backup first, then the current file: exactly the bytes written, none through the daemon.
            var files = Enumerable.Range(1, 9).Reverse().Select(i => $"{path}.{i}").Where(File.Exists).Append(path).ToList();
            Assert.Equal(data, files.SelectMany(File.ReadAllBytes).ToArray());
            Assert.Empty(sink.Bytes);
            Assert.True(files.Count >= 3, $"{files.Count} files for {data.Length} bytes at maxbytes 50000");
            Assert.All(files[..^1], f => Assert.InRange(new FileInfo(f).Length, 50_000, 50_000 + EpollOutputPump.BufferSize));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private sealed class FullRoom : IOutputRoom
    {
        public Action? Waiting { get; private set; }

        public bool WaitForRoom(Action resume)
        {
            Waiting = resume;
            return true;
        }

        public void Open() => Waiting!();
    }

    private static unsafe (SafeFileHandle Read, SafeFileHandle Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, Libc.Pipe2(fds, Consts.O_CLOEXEC)); // blocking: the pump must cope
        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }
}
