using System.Diagnostics;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// A reader of a FIFO that stops reading with the FIFO full: it opens the FIFO for reading, fills it to the brim and
/// reads nothing until the drain file appears; then copies everything it reads to the output file, until every writer
/// has closed it.
/// </summary>
internal static class FifoBlocker
{
    private const string Script = """
        import os, sys, time
        fifo, out, filled, drain = sys.argv[1:5]
        r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        w = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        # Whole lines in writes of at most PIPE_BUF (all or nothing), the larger first: the FIFO is full a few
        # system calls after a writer may see its reader.
        for chunk in (b'filler\n' * 585, b'filler\n'):
            try:
                while True:
                    os.write(w, chunk)
            except BlockingIOError:
                pass
        os.close(w)
        open(filled, 'w').close()
        while not os.path.exists(drain):
            time.sleep(0.05)
        os.set_blocking(r, True)
        with open(out, 'ab', buffering=0) as f:
            while True:
                data = os.read(r, 65536)
                if not data:
                    break
                f.write(data)
        """;

    /// <summary>Starts it and returns once the FIFO is full; <c>DIR/drain</c> makes it read, into <paramref name="received"/>.</summary>
    public static Process Start(TempDir dir, string fifo, string received)
    {
        var filled = dir.File("filled");
        var blocker = Launch.Start(Binaries.Python, dir.Write("blocker.py", Script), fifo, received, filled, dir.File("drain"));
        Wait.Until(() => File.Exists(filled) || blocker.HasExited, "the FIFO filled by its reader");
        Assert.False(blocker.HasExited, "the FIFO's reader could not fill it");
        return blocker;
    }

    /// <summary>The reader reads from now on.</summary>
    public static void Drain(TempDir dir) => File.WriteAllText(dir.File("drain"), "");
}
