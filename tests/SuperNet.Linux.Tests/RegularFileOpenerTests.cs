using System.Runtime.InteropServices;

namespace SuperNet.Linux.Tests;

public sealed partial class RegularFileOpenerTests
{
    // Not a mkfifo child process: this test process's reaper collects every child, and .NET's own child
    // bookkeeping then fails fast ("Error while reaping child") when it finds its child already gone.
    [LibraryImport("libc", EntryPoint = "mkfifo", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int MkFifo(string path, uint mode);

    private readonly RegularFileOpener opener = new();

    [Fact]
    public void A_regular_file_is_read()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sn-regular-{Guid.NewGuid():N}");
        File.WriteAllText(file, "A=1\n");
        try
        {
            using var stream = opener.OpenRead(file);
            Assert.Equal("A=1\n", new StreamReader(stream).ReadToEnd());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_fifo_nobody_writes_is_refused_without_waiting_for_a_writer()
    {
        var fifo = Path.Combine(Path.GetTempPath(), $"sn-fifo-{Guid.NewGuid():N}");
        Assert.Equal(0, MkFifo(fifo, 0x180));
        try
        {
            // On a thread of its own, so a regression fails here instead of hanging the run.
            var open = Task.Factory.StartNew(() => opener.OpenRead(fifo), TaskCreationOptions.LongRunning);
            var refused = Assert.Throws<AggregateException>(() => open.Wait(Wait.Default));
            Assert.Equal("not a regular file", Assert.IsType<IOException>(refused.InnerException).Message);
        }
        finally
        {
            File.Delete(fifo);
        }
    }

    [Theory]
    [InlineData("/dev/null")]
    [InlineData("/dev/zero")]
    [InlineData("/tmp")]
    public void Devices_and_directories_are_refused(string path) =>
        Assert.Equal("not a regular file", Assert.Throws<IOException>(() => opener.OpenRead(path)).Message);

    [Fact]
    public void A_path_that_cannot_be_opened_says_why()
    {
        Assert.Throws<FileNotFoundException>(() => opener.OpenRead("/nonexistent/app.env"));
        Assert.Equal("Not a directory", Assert.Throws<IOException>(() => opener.OpenRead("/etc/passwd/app.env")).Message);
    }
}
