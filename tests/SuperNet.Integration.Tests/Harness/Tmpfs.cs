namespace SuperNet.Integration.Tests.Harness;

/// <summary>
/// A tmpfs of a few pages mounted on a fresh directory (the tests run as root), to be filled and freed: a full
/// disk on demand without touching the machine's own file systems.
/// </summary>
public sealed class Tmpfs : IDisposable
{
    private readonly string _filler;

    /// <param name="options">More mount options: nr_inodes=N for a disk that runs out of files, not blocks.</param>
    public Tmpfs(int bytes, string options = "")
    {
        Path = Directory.CreateTempSubdirectory("sn-disk-").FullName;
        var (code, output) = SupervisorRun.Run("mount", ["-t", "tmpfs", "-o", $"size={bytes}{(options.Length > 0 ? "," + options : "")}", "none", Path]);
        Assert.True(code == 0, "mount: " + output);
        _filler = System.IO.Path.Combine(Path, "filler");
    }

    public string Path { get; }

    /// <summary>Takes every free block: writes a file until the disk refuses more.</summary>
    public void Fill()
    {
        using var file = new FileStream(_filler, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                file.Write(block);
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }
    }

    public void Free() => File.Delete(_filler);

    public void Dispose()
    {
        // Lazily: a daemon that has not finished exiting may still hold a file open on it.
        SupervisorRun.Run("umount", ["-l", Path]);
        try
        {
            Directory.Delete(Path);
        }
        catch (IOException)
        {
        }
    }
}
