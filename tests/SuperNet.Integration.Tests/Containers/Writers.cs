using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>Child programs that write numbered lines, for checking that none is torn or lost.</summary>
internal static partial class Writers
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

    /// <summary>
    /// Each program's records in the order they came, whole lines parsed; a record that is not a whole line must be
    /// the start of one that the program's next records complete. The daemon sends a line's start alone, by design,
    /// once the rest has not come for 200 ms, and a loaded machine can stall a writer (or the whole box) that long
    /// mid-line. A lost, repeated or garbled piece still fails, as does a piece nothing completes.
    /// </summary>
    /// <returns>The lines, and the indexes of the records that went out as the start of a line.</returns>
    public static (List<(string Name, int Seq)> Lines, List<int> Pieces) Rejoin(IReadOnlyList<(string Program, string Text)> records)
    {
        var lines = new List<(string, int)>();
        var pieces = new List<int>();
        var pending = new Dictionary<string, string>();
        for (var i = 0; i < records.Count; i++)
        {
            var (program, text) = records[i];
            var joined = pending.GetValueOrDefault(program, "") + text;
            if (Parse(joined) is { } whole)
            {
                Assert.True(whole.Name == program, $"{program} wrote a line of {whole.Name}: {joined}");
                lines.Add(whole);
                pending.Remove(program);
            }
            else
            {
                Assert.True(LineStart().IsMatch(joined), $"torn line: {joined} (record {i} of {program}: {text})");
                pending[program] = joined;
                pieces.Add(i);
            }
        }
        Assert.True(pending.Count == 0, $"a line's start never completed: {string.Join(", ", pending)}");
        return (lines, pieces);
    }

    /// <summary>
    /// <see cref="Rejoin"/> for output passed through as written: a line's start sent alone has no line end, so on
    /// stdout it runs into whatever came next (another program's line or a main-log line), and its rest arrives later
    /// as a line of its own. Main-log lines are left out.
    /// </summary>
    /// <returns>The lines, and how many went out in pieces.</returns>
    public static (List<(string Name, int Seq)> Lines, int Pieces) RejoinRaw(IEnumerable<string> stdout)
    {
        var lines = new List<(string, int)>();
        var pieces = 0;
        var pending = new Dictionary<string, string>();
        foreach (var line in stdout)
        {
            var rest = line;
            // A start sent alone, then what followed it on stdout.
            while (Whole(rest) is null && LogLine.Parse(rest) is null && SplitStart(rest) is var (start, after) && start.Length > 0)
            {
                var program = start[..2];
                Assert.False(pending.ContainsKey(program), $"two starts of {program} lines at once: {line}");
                pending[program] = start;
                pieces++;
                rest = after;
            }
            if (LogLine.Parse(rest) is not null)
                continue;
            if (Whole(rest) is { } whole)
            {
                lines.Add(whole);
                continue;
            }
            // The rest of a line whose start went out alone.
            var completes = pending.Where(p => Whole(p.Value + rest) is { } joined && joined.Name == p.Key).Select(p => p.Key).ToList();
            Assert.True(completes.Count == 1, $"torn line: {line}");
            lines.Add(Whole(pending[completes[0]] + rest)!.Value);
            pending.Remove(completes[0]);
        }
        Assert.True(pending.Count == 0, $"a line's start never completed: {string.Join(", ", pending)}");
        return (lines, pieces);
    }

    /// <summary>The shortest start of a line after which a whole line, a main-log line or another start follows.</summary>
    private static (string Start, string After) SplitStart(string line)
    {
        for (var k = 2; k < line.Length; k++)
        {
            var (start, after) = (line[..k], line[k..]);
            if (LineStart().IsMatch(start) && (Whole(after) is not null || LogLine.Parse(after) is not null || after.Length >= 2 && LineStart().IsMatch(after[..2])))
                return (start, after);
        }
        return ("", line);
    }

    /// <summary>A whole line of one of the writers (w1, w2, ...).</summary>
    private static (string Name, int Seq)? Whole(string line) => Parse(line) is { } whole && LineStart().IsMatch(whole.Name) ? whole : null;

    [System.Text.RegularExpressions.GeneratedRegex(@"^w\d( (\d{0,7}|\d{8}( x*)?)?)?$")]
    private static partial System.Text.RegularExpressions.Regex LineStart();

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
