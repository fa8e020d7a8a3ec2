using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;
using SuperNet.Linux.Tests.Support;

namespace SuperNet.Linux.Tests;

/// <summary>
/// A prefixed line's start waits for its rest; when its wait ends, the queue asks the pump to read the pipe first
/// (<see cref="IOutputRoom.ReadBy"/>) and decides once the pump answers. A question asked just as the pump stops (the
/// daemon's end) must still be answered, or the held start waits for an answer that never comes.
/// </summary>
public sealed class OutputPumpStopTests
{
    private const int Rounds = 20;

    [Fact]
    public void A_read_asked_for_as_the_pump_stops_is_answered()
    {
        for (var round = 0; round < Rounds; round++)
        {
            var pump = new EpollOutputPump();
            var (read, write) = Pipe();
            var room = new AskingRoom();
            pump.Add(read, new CaptureSink { Room = room });
            Wait.Until(() => room.ReadNow is not null, "the pump saying how to read");
            using var answered = new ManualResetEventSlim();
            room.ReadNow!(answered.Set);
            pump.Dispose();
            Assert.True(answered.Wait(TimeSpan.FromSeconds(10)), $"round {round}: the read asked for as the pump stopped was never answered");
            write.Dispose();
        }
    }

    private sealed class AskingRoom : IOutputRoom
    {
        private Action<Action>? readNow;

        public Action<Action>? ReadNow => Volatile.Read(ref readNow);

        public bool WaitForRoom(Action resume) => false;

        public void ReadBy(Action<Action> readNow) => Volatile.Write(ref this.readNow, readNow);
    }

    private static unsafe (SafeFileHandle Read, SafeFileHandle Write) Pipe()
    {
        int* fds = stackalloc int[2];
        Assert.Equal(0, Libc.Pipe2(fds, Consts.O_CLOEXEC));
        return (new SafeFileHandle(fds[0], ownsHandle: true), new SafeFileHandle(fds[1], ownsHandle: true));
    }
}
