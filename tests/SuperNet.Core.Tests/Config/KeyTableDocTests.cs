using System.Globalization;
using System.Text.RegularExpressions;
using SuperNet.Core.Config;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Tests.Config;

/// <summary>
/// docs/containers.md, "SuperNet's keys at a glance", is where a user looks up SuperNet's keys: every key the reader
/// accepts is there once, nothing else is, and a numeric default is the one the reader applies.
/// </summary>
public sealed partial class KeyTableDocTests
{
    private static readonly string Page = File.ReadAllText(Path.Combine(Binaries.RepositoryRoot, "docs", "containers.md"));

    private static string Between(string start, string end)
    {
        int from = Page.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"docs/containers.md has no '{start}'");
        int to = Page.IndexOf(end, from, StringComparison.Ordinal);
        Assert.True(to > from, $"docs/containers.md has no '{end}' after '{start}'");
        return Page[from..to];
    }

    /// <summary>The table's rows: key, default column.</summary>
    private static List<(string Key, string Default)> Rows() =>
        [.. TableRow().Matches(Between("## SuperNet's keys at a glance", "In `[supervisord]`:"))
            .Select(m => (m.Groups[1].Value, m.Groups[2].Value))];

    [Fact]
    public void Every_program_key_the_reader_accepts_is_in_the_table_once()
    {
        var documented = Rows().Select(r => r.Key).ToList();
        Assert.Equal(documented.Distinct().Count(), documented.Count);
        Assert.Equal(IgnoredOptions.ExtensionProgramKeys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_supervisord_key_the_reader_accepts_is_named_below_the_table()
    {
        var sentence = Between("In `[supervisord]`:", "Two values of supervisord's keys");
        // critical= is named twice there: [supervisord]'s, and the program's it is the default of.
        var documented = KeyName().Matches(sentence).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Equal(IgnoredOptions.ExtensionSupervisordKeys.Order(StringComparer.Ordinal), documented.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_tables_numeric_defaults_are_the_readers()
    {
        var none = ContainerOptions.None;
        var restart = RestartPolicy.Default;
        var applied = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["ready_timeout"] = none.ReadyTimeout.TotalSeconds,
            ["ready_interval"] = none.ReadyInterval.TotalSeconds,
            ["healthcheck_interval"] = none.HealthcheckInterval.TotalSeconds,
            ["healthcheck_retries"] = none.HealthcheckRetries,
            ["backoff_initial"] = restart.InitialSeconds,
            ["backoff_max"] = restart.MaxSeconds,
            ["backoff_jitter"] = restart.Jitter,
            ["backoff_reset"] = restart.ResetSeconds,
            ["restart_delay"] = restart.FixedSeconds,
        };
        var documented = Rows()
            .Select(r => (r.Key, Number: FirstNumber().Match(r.Default)))
            .Where(r => r.Number.Success)
            .ToDictionary(r => r.Key, r => double.Parse(r.Number.Groups[1].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);
        Assert.Equal(applied.OrderBy(p => p.Key, StringComparer.Ordinal), documented.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\| `([a-z_]+)=` \| ([^|]*) \|", RegexOptions.Multiline)]
    private static partial Regex TableRow();

    [GeneratedRegex(@"`([a-z_]+)=`")]
    private static partial Regex KeyName();

    [GeneratedRegex(@"`([0-9]+(?:\.[0-9]+)?)`")]
    private static partial Regex FirstNumber();
}
