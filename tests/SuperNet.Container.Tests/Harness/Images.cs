namespace SuperNet.Container.Tests.Harness;

[CollectionDefinition(Name)]
public sealed class PodmanCollection : ICollectionFixture<Images>
{
    public const string Name = "podman";
}

/// <summary>
/// The two images the tests run, built once per run from the published binaries: the shipped one
/// (packaging/build-image.sh, nothing but the binaries and their `ldd` closure) and the same plus the
/// programs tests supervise (snhelper, /bin/sh, /bin/sleep) and tini, the init users put in front of supernetd.
/// </summary>
public sealed class Images : IDisposable
{
    private readonly string _id = Guid.NewGuid().ToString("N")[..10];

    public Images()
    {
        _ = Podman.Executable; // no podman: every test fails here, saying how to install it
        Production = $"localhost/supernet-test-{_id}:shipped";
        WithPrograms = $"localhost/supernet-test-{_id}:programs";
        Command.Check(Repository.Script("build-image.sh"), ["--no-publish", "--bin", Repository.Binaries, "--tag", Production],
            TimeSpan.FromMinutes(5));
        BuildDerived(WithPrograms, Production, new Dictionary<string, string>
        {
            ["/usr/local/bin/snhelper"] = Path.Combine(Repository.Binaries, "snhelper"),
            ["/bin/sh"] = "/bin/sh",
            ["/bin/sleep"] = "/bin/sleep",
            ["/usr/bin/tini"] = "/usr/bin/tini",
        });
    }

    public string Production { get; }

    public string WithPrograms { get; }

    /// <summary>Builds FROM <paramref name="baseImage"/> with host files added at the given paths, plus their libraries.</summary>
    public static void BuildDerived(string tag, string baseImage, IReadOnlyDictionary<string, string> files)
    {
        using var stage = new TempDir();
        var root = Path.Combine(stage.Path, "rootfs");
        var libraries = Command.Check(Repository.Script("ldd-closure.sh"), files.Values).Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries);
        foreach (var (target, source) in files.Concat(libraries.Select(lib => KeyValuePair.Create(lib, lib))))
        {
            var destination = root + target;
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(source, destination, overwrite: true);
        }
        File.WriteAllText(Path.Combine(stage.Path, "Containerfile"), $"FROM {baseImage}\nCOPY rootfs/ /\n");
        Podman.Check("build", "--quiet", "-t", tag, "-f", Path.Combine(stage.Path, "Containerfile"), stage.Path);
    }

    public void Dispose() => Podman.Run("rmi", "-f", WithPrograms, Production);
}
