namespace SuperNet.Testing;

/// <summary>
/// A private directory under /tmp for one test, removed at dispose unless SUPERNET_KEEP_TEMP is set (for
/// post-mortems). Its path is short: unix socket paths inside it must fit in 108 bytes.
/// </summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sn-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes text to a file under the directory (creating subdirectories) and returns its full path.</summary>
    public string Write(string relative, string text)
    {
        var full = File(relative);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        System.IO.File.WriteAllText(full, text);
        return full;
    }

    /// <summary>A tiny shell script with the given mode: executable or not, readable or not.</summary>
    public string Create(string relative, UnixFileMode mode)
    {
        var full = Write(relative, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(full, mode);
        }
        return full;
    }

    public string Mkdir(string relative) => Directory.CreateDirectory(File(relative)).FullName;

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SUPERNET_KEEP_TEMP") is not null)
        {
            return;
        }
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A straggling child, a container mount or a test's mode change may still hold it; /tmp is cleaned anyway.
        }
    }
}
