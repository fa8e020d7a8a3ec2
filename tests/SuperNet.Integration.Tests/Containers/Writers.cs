using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>Child programs that write numbered lines, for checking that none is torn or lost.</summary>
internal static class Writers
{
    private const string Script = """
        import os, sys
        name, count = sys.argv[1], int(sys.argv[2])
        batch = []
        for i in range(count):
            batch.append('%s %08d ' % (name, i) + 'x' * (i % 200) + '\n')
            # Writes of ~16 KiB: larger than PIPE_BUF, so pipe reads often end inside a line.
            if len(batch) == 150 or i == count - 1:
                os.write(1, ''.join(batch).encode())
                batch = []
        """;

    /// <summary>Writes the script into <paramref name="dir"/>; the command is "python3 PATH NAME COUNT".</summary>
    public static string Install(TempDir dir) => $"{Binaries.Python} {dir.Write("writer.py", Script)}";

    /// <summary>Parses "NAME SEQ xxx" and checks the payload; null when the line is not one of ours or is torn.</summary>
    public static (string Name, int Seq)? Parse(string line)
    {
        var parts = line.Split(' ');
        if (parts.Length != 3 || parts[1].Length != 8 || !int.TryParse(parts[1], out var seq))
            return null;
        return parts[2] == new string('x', seq % 200) ? (parts[0], seq) : null;
    }

    /// <summary>Asserts that each writer's lines are all there, in order.</summary>
    public static void AssertComplete(IEnumerable<(string Name, int Seq)> lines, IEnumerable<string> names, int count)
    {
        var byName = lines.GroupBy(l => l.Name).ToDictionary(g => g.Key, g => g.Select(l => l.Seq).ToList());
        foreach (var name in names)
        {
            Assert.True(byName.TryGetValue(name, out var seqs), $"no lines from {name}");
            Assert.True(seqs.SequenceEqual(Enumerable.Range(0, count)), $"{name}: {seqs.Count} lines, not 0..{count - 1} in order");
        }
    }
}
