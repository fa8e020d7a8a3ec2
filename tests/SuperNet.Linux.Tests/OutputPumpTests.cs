using System.Text;
using Microsoft.Win32.SafeHandles;
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

    private static unsafe (SafeFileHandle Read, SafeFileHandle Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, Libc.Pipe2(fds, Consts.O_CLOEXEC)); // blocking: the pump must cope
        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }
}
