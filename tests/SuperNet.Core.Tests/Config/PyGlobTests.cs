using System.Text.Json;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Tests.Config;

/// <summary>[include] files globs against Python 3.11's glob.glob on the same directory.</summary>
public sealed class PyGlobTests : IDisposable
{
    private static readonly string[] FileNames =
    [
        "a.conf", "b.conf", "c.conf", "e.conf", "z.conf", "-.conf", "].conf", "[.conf", "^.conf", "&.conf",
        "!.conf", "\\.conf", "~.conf", "|.conf", ".hidden.conf",
        // Outside the Basic Multilingual Plane: one character to Python, two UTF-16 units to .NET.
        "\U0001F600.conf", "\U0001D538.conf", "\u00E9.conf", "x\U0001F600y.conf",
    ];

    // Character sets fnmatch rewrites before they reach the regex engine: reversed (empty) ranges, which it
    // drops, hyphens that are not ranges, set operations, a leading ']' or '^', an escaped backslash.
    private static readonly string[] Patterns =
    [
        "[z-a].conf", "[!z-a].conf", "[z-a-c].conf", "[a-c-e].conf", "[b-a-z].conf", "[c-a]*", "*[z-a]",
        "[]a].conf", "[!]].conf", "[\\].conf", "[a&&b].conf", "[~~].conf", "[||].conf", "[--0].conf",
        "[a-].conf", "[-a].conf", "[^a].conf", "[[].conf", "[!a-c].conf", "[a-c].conf", "[!].conf",
        "[\\-a].conf", "[a-\\].conf", "[.]*", "[!a]*", "*/in.conf", "*/*.conf", ".*/in.conf", "*/.*", "**/in.conf", "*/", "*", "d*/sub/*", "*/sub/in.conf", "e[1]/in.conf", "e[[]1]/in.conf", "link/*", "l?nk/in.conf", "*.conf/", "dangling.conf", "dang*", "x y/*", "d1//in.conf", "d1/./in.conf", "d3/../d1/in.conf", "d?/../*.conf", "nonexist/*", "*/nonexist", "",
        "?.conf", "??.conf", "x?y.conf", "x??y.conf", "[!a].conf", "[\U0001F600].conf", "[!\U0001F600].conf",
        "[\U0001F5FF-\U0001F601].conf", "[a-\U0001F600].conf", "[\U0001F600-a].conf", "[\U0001D538-\U0001F600-a].conf",
        "*\U0001F600*", "[\u00E9].conf",
    ];

    private readonly string dir = Directory.CreateTempSubdirectory("pyglob-").FullName;

    public PyGlobTests()
    {
        foreach (var name in FileNames)
        {
            File.WriteAllText(Path.Combine(dir, name), "");
        }
        foreach (var d in new[] { "d1", ".d2", "d3/sub", "e[1]", "x y" })
        {
            Directory.CreateDirectory(Path.Combine(dir, d));
            File.WriteAllText(Path.Combine(dir, d, "in.conf"), "");
            File.WriteAllText(Path.Combine(dir, d, ".in.conf"), "");
        }
        File.CreateSymbolicLink(Path.Combine(dir, "link"), Path.Combine(dir, "d1"));
        File.CreateSymbolicLink(Path.Combine(dir, "dangling.conf"), Path.Combine(dir, "nowhere"));
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Fact]
    public void BracketPatternsMatchWhatPythonsGlobMatches()
    {
        var expected = PythonGlob(Patterns.Select(p => Path.Combine(dir, p)).ToArray());
        for (var i = 0; i < Patterns.Length; i++)
        {
            var actual = PyGlob.Glob(Path.Combine(dir, Patterns[i])).Order(StringComparer.Ordinal).ToArray();
            Assert.True(expected[i].SequenceEqual(actual),
                $"{Patterns[i]}: python [{string.Join(", ", expected[i])}], supernet [{string.Join(", ", actual)}]");
        }
    }

    private static string[][] PythonGlob(string[] patterns)
    {
        var script = Path.Combine(Path.GetTempPath(), $"pyglob-{Guid.NewGuid():N}.py");
        File.WriteAllText(script,
            "import glob, json, sys\n" +
            "pats = json.load(open(sys.argv[1]))\n" +
            "print(json.dumps([sorted(glob.glob(p)) for p in pats]))\n");
        var input = script + ".json";
        File.WriteAllText(input, JsonSerializer.Serialize(patterns));
        try
        {
            var result = Oracle.Run(Oracle.Python, ["-W", "ignore", script, input], Path.GetTempPath(), TimeSpan.FromSeconds(60));
            Assert.True(result.ExitCode == 0, result.Stderr);
            return JsonSerializer.Deserialize<string[][]>(result.Stdout)!;
        }
        finally
        {
            File.Delete(script);
            File.Delete(input);
        }
    }
}
