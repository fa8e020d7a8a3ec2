namespace SuperNet.Core.Tests;

/// <summary>A private temporary directory with files of chosen modes, deleted afterwards.</summary>
internal sealed class TempFiles : IDisposable
{
    public string Root { get; } = Directory.CreateTempSubdirectory("supernet-engine-").FullName;

    public string Create(string relative, UnixFileMode mode)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, mode);
        }
        return path;
    }

    public string Dir(string relative) => Directory.CreateDirectory(Path.Combine(Root, relative)).FullName;

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
