namespace SuperNet.Core.Tests;

/// <summary>A private directory under /tmp for one test, removed at dispose.</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("supernet-core-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string relative, string text)
    {
        string full = System.IO.Path.Combine(Path, relative);
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

    public string Mkdir(string relative) => Directory.CreateDirectory(System.IO.Path.Combine(Path, relative)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that left a file behind a mode change must not fail for it in cleanup.
        }
    }
}
