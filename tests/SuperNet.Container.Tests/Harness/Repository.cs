namespace SuperNet.Container.Tests.Harness;

/// <summary>The repository (packaging scripts) and the published binaries the images are built from.</summary>
public static class Repository
{
    public static string Root => SuperNet.Testing.Binaries.RepositoryRoot;

    /// <summary>SUPERNET_BIN, or artifacts/bin where test.sh publishes supernetd, supernetctl and snhelper.</summary>
    public static string Binaries => SuperNet.Testing.Binaries.Directory;

    public static string Script(string name) => Path.Combine(Root, "packaging", name);
}
