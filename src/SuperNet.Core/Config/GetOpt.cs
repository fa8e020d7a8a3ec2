namespace SuperNet.Core.Config;

/// <summary>
/// Python's getopt.getopt (non-GNU): options stop at the first non-option; short flags combine; long
/// options accept "--name=value" or "--name value" and any unique prefix. Errors use getopt's texts.
/// </summary>
internal static class GetOpt
{
    /// <param name="shortOptions">Letters, each followed by ':' when it takes a value.</param>
    /// <param name="longOptions">Names, each ending in '=' when it takes a value.</param>
    /// <param name="exactOnlyLongOptions">Extra long options matched only when spelled out (never as prefixes).</param>
    public static (List<(string Option, string Value)> Options, List<string> Positional) Parse(
        IReadOnlyList<string> args, string shortOptions, IReadOnlyList<string> longOptions, IReadOnlyList<string> exactOnlyLongOptions)
    {
        var opts = new List<(string, string)>();
        int i = 0;
        while (i < args.Count && args[i].StartsWith('-') && args[i] != "-")
        {
            string arg = args[i++];
            if (arg == "--") break;
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                string name = arg[2..];
                string? value = null;
                int eq = name.IndexOf('=', StringComparison.Ordinal);
                if (eq >= 0) (name, value) = (name[..eq], name[(eq + 1)..]);
                var (hasArg, full) = LongHasArg(name, longOptions, exactOnlyLongOptions);
                if (hasArg && value is null)
                {
                    if (i >= args.Count) throw new ConfigException($"option --{full} requires argument");
                    value = args[i++];
                }
                else if (!hasArg && value is not null)
                {
                    throw new ConfigException($"option --{full} must not have an argument");
                }
                opts.Add(("--" + full, value ?? ""));
                continue;
            }
            string cluster = arg[1..];
            while (cluster.Length > 0)
            {
                char opt = cluster[0];
                cluster = cluster[1..];
                int at = opt == ':' ? -1 : shortOptions.IndexOf(opt, StringComparison.Ordinal);
                if (at < 0) throw new ConfigException($"option -{opt} not recognized");
                string value = "";
                if (at + 1 < shortOptions.Length && shortOptions[at + 1] == ':')
                {
                    if (cluster.Length == 0)
                    {
                        if (i >= args.Count) throw new ConfigException($"option -{opt} requires argument");
                        cluster = args[i++];
                    }
                    (value, cluster) = (cluster, "");
                }
                opts.Add(("-" + opt, value));
            }
        }
        return (opts, args.Skip(i).ToList());
    }

    private static (bool HasArg, string Name) LongHasArg(string name, IReadOnlyList<string> longs, IReadOnlyList<string> exact)
    {
        foreach (var e in exact)
        {
            if (e == name) return (false, name);
            if (e == name + "=") return (true, name);
        }
        var possible = longs.Where(o => o.StartsWith(name, StringComparison.Ordinal)).ToList();
        if (possible.Count == 0) throw new ConfigException($"option --{name} not recognized");
        if (possible.Contains(name)) return (false, name);
        if (possible.Contains(name + "=")) return (true, name);
        if (possible.Count > 1) throw new ConfigException($"option --{name} not a unique prefix");
        string only = possible[0];
        return only.EndsWith('=') ? (true, only[..^1]) : (false, only);
    }
}
