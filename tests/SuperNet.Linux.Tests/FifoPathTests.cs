using System.Runtime.InteropServices;
using System.Text;

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

    [Fact]
    public void A_FIFO_opened_for_writing_does_not_wait_for_a_reader_who_later_gets_what_was_written()
    {
        using var dir = new TempDir();
        var fifo = dir.File("fifo");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        // No reader: an open for writing alone would wait here for good.
        var opened = Task.Run(() =>
        {
            var file = new FileStream(FifoPath.OpenForWriting(fifo)!, FileAccess.Write, bufferSize: 0);
            file.Write("before the reader\n"u8);
            return file;
        });
        Assert.True(opened.Wait(TimeSpan.FromSeconds(60)), "the open waited for a reader");
        const string Expected = "before the reader\nafter\n";
        var reader = Task.Run(() =>
        {
            using var end = new FileStream(fifo, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            var received = new StringBuilder();
            var buffer = new byte[64];
            while (received.Length < Expected.Length && end.Read(buffer) is var read and > 0)
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            return received.ToString();
        });
        // The file stays open until the reader has it all: a FIFO that every end has closed loses what it holds.
        using (var file = opened.Result)
        {
            file.Write("after\n"u8);
            Assert.True(reader.Wait(TimeSpan.FromSeconds(60)));
        }
        Assert.Equal(Expected, reader.Result);
    }

    [Fact]
    public void Any_other_path_is_not_opened()
    {
        using var dir = new TempDir();
        Assert.Null(FifoPath.OpenForWriting(dir.Write("app.log", "")));
        Assert.Null(FifoPath.OpenForWriting(dir.File("missing.log")));
    }
}
