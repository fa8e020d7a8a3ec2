using System.Globalization;

namespace SuperNet.Linux.Tests;

public class StartupPagesTests
{
    [Fact]
    public void AdvisesEveryReadOnlyMappingOfTheExecutableAndNothingElse()
    {
        var exe = Environment.ProcessPath!;
        var before = ExecutableMappings(exe);
        Assert.NotEmpty(before);

        var advised = StartupPages.Release();

        // Exactly the read-only mappings of this process's own binary: never its data, never a library.
        Assert.Equal(before.Where(m => !m.Writable).Sum(m => m.Size), advised);
        // Whether the pages leave depends on who else maps the binary (the test host is shared by every dotnet
        // process here); bench/engine.py measures that. What runs afterwards faults back in: a second call reads
        // the same maps and advises the same.
        Assert.Equal(advised, StartupPages.Release());
    }

    private sealed record Mapping(long Size, bool Writable);

    private static List<Mapping> ExecutableMappings(string exe)
    {
        var result = new List<Mapping>();
        foreach (var line in File.ReadAllLines("/proc/self/maps").Where(l => l.EndsWith(exe, StringComparison.Ordinal)))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            var size = long.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture)
                - long.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            result.Add(new Mapping(size, fields[1].Contains('w')));
        }
        return result;
    }
}
