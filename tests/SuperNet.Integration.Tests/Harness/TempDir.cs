namespace SuperNet.Integration.Tests.Harness;

/// <summary>A scratch directory per test, removed afterwards unless SUPERNET_KEEP_TEMP is set (for post-mortems).</summary>
public sealed class TempDir : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("sn-it-").FullName;

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    public void Dispose()
    {
        if (Environment.GetEnvironmentVariable("SUPERNET_KEEP_TEMP") is null)
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A straggling child may still hold a log open; the OS temp cleaner gets it.
            }
        }
    }
}
