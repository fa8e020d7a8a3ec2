namespace SuperNet.Container.Tests.Harness;

/// <summary>The repository (packaging scripts) and the published binaries the images are built from.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>SUPERNET_BIN, or artifacts/bin where test.sh publishes supernetd, supernetctl and snhelper.</summary>
    public static string Binaries { get; } = Environment.GetEnvironmentVariable("SUPERNET_BIN") is { Length: > 0 } bin
        ? Path.GetFullPath(bin)
        : Path.Combine(Root, "artifacts", "bin");

    public static string Script(string name) => Path.Combine(Root, "packaging", name);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SuperNet.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Cannot find the repository root (SuperNet.sln) above " + AppContext.BaseDirectory);
    }
}
