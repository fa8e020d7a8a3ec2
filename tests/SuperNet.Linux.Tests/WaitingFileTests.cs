using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace SuperNet.Linux.Tests;

public sealed partial class WaitingFileTests
{
    // Not a mkfifo child process: this test process's reaper collects every child (see RegularFileOpenerTests).
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    [Fact]
    public void A_fifo_may_block_whatever_its_name()
    {
        using var dir = new TempDir();
        var fifo = dir.File("main.log");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        // Read and write: the open does not wait for a reader.
        using var handle = File.OpenHandle(fifo, FileMode.Open, FileAccess.ReadWrite);
        Assert.True(WaitingFile.MayBlock(handle));
    }

    [Fact]
    public void A_character_device_may_block_but_dev_null_does_not()
    {
        using var zero = File.OpenHandle("/dev/zero", FileMode.Open, FileAccess.Write);
        Assert.True(WaitingFile.MayBlock(zero));
        using var devNull = File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write);
        Assert.False(WaitingFile.MayBlock(devNull));
    }

    [Fact]
    public void A_regular_file_does_not_block()
    {
        using var dir = new TempDir();
        using SafeFileHandle file = File.OpenHandle(dir.File("main.log"), FileMode.Append, FileAccess.Write);
        Assert.False(WaitingFile.MayBlock(file));
    }
}
