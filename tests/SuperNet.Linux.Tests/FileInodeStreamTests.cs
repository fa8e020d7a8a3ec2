using System.Globalization;
using System.IO.Pipes;
using System.Runtime.InteropServices;

namespace SuperNet.Linux.Tests;

/// <summary>FileInode.IsStreamOf: another process's /proc/PID/fd/N compared with one of ours, here through /proc/self.</summary>
public sealed partial class FileInodeStreamTests
{
    // Not a mkfifo child process: this test process's reaper collects every child (see RegularFileOpenerTests).
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    private static string FdPath(SafeHandle handle) =>
        "/proc/self/fd/" + ((int)handle.DangerousGetHandle()).ToString(CultureInfo.InvariantCulture);

    private static int Fd(SafeHandle handle) => (int)handle.DangerousGetHandle();

    [Fact]
    public void A_pipe_is_the_stream_of_a_descriptor_on_it_and_not_of_another_pipe()
    {
        using var pipe = new AnonymousPipeServerStream(PipeDirection.Out);
        using var other = new AnonymousPipeServerStream(PipeDirection.Out);
        Assert.True(FileInode.IsStreamOf(FdPath(pipe.SafePipeHandle), Fd(pipe.SafePipeHandle)));
        // The read end is the same pipe.
        Assert.True(FileInode.IsStreamOf(FdPath(pipe.ClientSafePipeHandle), Fd(pipe.SafePipeHandle)));
        Assert.False(FileInode.IsStreamOf(FdPath(other.SafePipeHandle), Fd(pipe.SafePipeHandle)));
    }

    [Fact]
    public void A_fifo_and_a_character_device_are_streams_too()
    {
        using var dir = new TempDir();
        var fifo = dir.File("shipper.fifo");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        using var fifoHandle = File.OpenHandle(fifo, FileMode.Open, FileAccess.ReadWrite);
        Assert.True(FileInode.IsStreamOf(fifo, Fd(fifoHandle)));
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        Assert.True(FileInode.IsStreamOf(FdPath(devNull), Fd(devNull)));
        Assert.False(FileInode.IsStreamOf("/dev/zero", Fd(devNull)));
    }

    [Fact]
    public void A_regular_file_never_is_nor_is_a_missing_path()
    {
        using var dir = new TempDir();
        using var file = File.OpenHandle(dir.Write("app.log", ""), FileMode.Append, FileAccess.Write);
        // The same inode, but a separate open of a regular file has a file position of its own.
        Assert.False(FileInode.IsStreamOf(FdPath(file), Fd(file)));
        Assert.False(FileInode.IsStreamOf(dir.File("missing.log"), Fd(file)));
    }
}
