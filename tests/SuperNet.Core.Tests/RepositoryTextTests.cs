using SuperNet.Testing;

namespace SuperNet.Core.Tests;

/// <summary>
/// A merge whose conflict was committed unresolved still builds when it sits in a page (docs/reliability.md carried
/// one for a session): no text file of the repository may hold a conflict marker line.
/// </summary>
public sealed class RepositoryTextTests
{
    private static readonly string[] Folders = ["src", "tests", "docs", "bench", "conf", ".ci"];
    private static readonly string[] Skipped = ["bin", "obj", "node_modules"];

    [Fact]
    public void No_file_holds_a_merge_conflict_marker()
    {
        var root = Binaries.RepositoryRoot;
        var files = Folders.Select(f => Path.Combine(root, f)).Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*", SearchOption.AllDirectories))
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(Skipped.Contains))
            .Where(f => Path.GetExtension(f) is ".cs" or ".md" or ".py" or ".sh" or ".c" or ".json" or ".conf" or ".csproj" or ".props" or ""
                && new FileInfo(f).Length < 4 << 20)
            .Concat(Directory.EnumerateFiles(root, "*.md"))
            .ToList();
        Assert.True(files.Count > 100, $"only {files.Count} files found under {root}");
        var marked = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)))
            .Where(x => x.line.StartsWith("<<<<<<< ", StringComparison.Ordinal) || x.line.StartsWith(">>>>>>> ", StringComparison.Ordinal))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}: {x.line}")
            .ToList();
        Assert.True(marked.Count == 0, "conflict markers:\n" + string.Join("\n", marked));
    }
}
