namespace SuperNet.Rpc.Tests.Support;

/// <summary>A private temp directory, short enough for unix socket paths (108 bytes).</summary>
public sealed class TestDir : IDisposable
{
    public TestDir() => Path = Directory.CreateTempSubdirectory("snrpc").FullName;

    public string Path { get; }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A straggling client may still hold a file; the directory is in /tmp anyway.
        }
    }
}
