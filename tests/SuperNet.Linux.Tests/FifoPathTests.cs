using System.Runtime.InteropServices;

namespace SuperNet.Linux.Tests;

public sealed partial class FifoPathTests
{
    // Not a mkfifo child process: this test process's reaper collects every child (see RegularFileOpenerTests).
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    [Fact]
    public void A_fifo_is_one_and_so_is_a_link_to_it()
    {
        using var dir = new TempDir();
        var fifo = dir.File("shipper.fifo");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        File.CreateSymbolicLink(dir.File("link"), fifo);
        Assert.True(FifoPath.Is(fifo));
        Assert.True(FifoPath.Is(dir.File("link")));
    }

    [Fact]
    public void A_regular_file_a_device_and_a_missing_path_are_not()
    {
        using var dir = new TempDir();
        Assert.False(FifoPath.Is(dir.Write("app.log", "")));
        Assert.False(FifoPath.Is("/dev/null"));
        Assert.False(FifoPath.Is(dir.File("missing.log")));
    }
}
