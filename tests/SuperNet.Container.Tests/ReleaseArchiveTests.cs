using System.Formats.Tar;
using System.IO.Compression;
using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>packaging/release.sh: the archive's contents, its checksum file, and that it is reproducible.</summary>
public class ReleaseArchiveTests
{
    [Fact]
    public void TheArchiveHoldsBothBinariesTheDocsAndExamplesWithAMatchingChecksum()
    {
        using var first = new TempDir();
        using var second = new TempDir();
        var version = Command.Check(Repository.Script("version.sh"), []).Stdout.Trim();
        var name = $"supernet-{version}-linux-x64";
        foreach (var dir in new[] { first, second })
            Command.Check(Repository.Script("release.sh"), ["--no-publish", "--bin", Repository.Binaries, "--out", dir.Path]);

        var archive = Path.Combine(first.Path, name + ".tar.gz");
        var entries = new Dictionary<string, UnixFileMode>();
        var readme = "";
        using (var reader = new TarReader(new GZipStream(File.OpenRead(archive), CompressionMode.Decompress)))
        {
            while (reader.GetNextEntry() is { } entry)
            {
                entries[entry.Name.TrimEnd('/')] = entry.Mode;
                if (entry.Name == $"{name}/README.md")
                    readme = new StreamReader(entry.DataStream!).ReadToEnd();
            }
        }
        // Someone with only the archive reads its README: every path it names is in the archive (the repository's
        // README named conf/..., src/... and artifacts/...).
        var named = System.Text.RegularExpressions.Regex.Matches(readme, @"(?<![\w/.$-])(?:bin|docs|examples|conf|src|tests|packaging|bench|artifacts|fuzz)/[\w./-]*[\w]")
            .Select(m => m.Value).Distinct().ToList();
        Assert.Contains("examples/supervisord.conf", named);
        Assert.All(named, path => Assert.True(entries.ContainsKey($"{name}/{path}"), $"the archive's README names {path}, which the archive does not hold"));
        foreach (var file in new[] { "bin/supernetd", "bin/supernetctl", "README.md", "LICENSE", "examples/supervisord.conf", "examples/conf.d/clock.conf", "examples/debian-layout.conf",
                     "docs/containers.md", "docs/compatibility.md", "docs/api.md", "docs/openapi.json", "docs/migrating.md" })
            Assert.Contains($"{name}/{file}", entries.Keys);
        Assert.True(entries[$"{name}/bin/supernetd"].HasFlag(UnixFileMode.UserExecute));

        var check = Command.Run("sha256sum", ["--check", "--strict", Path.Combine(first.Path, "SHA256SUMS")], workingDirectory: first.Path);
        Assert.Equal((0, $"{name}.tar.gz: OK\n"), (check.ExitCode, check.Stdout));
        Assert.Equal(File.ReadAllText(Path.Combine(first.Path, "SHA256SUMS")), File.ReadAllText(Path.Combine(second.Path, "SHA256SUMS")));
    }
}
