using SuperNet.Core.Config;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Readiness;

/// <summary>Config-time checks of depends_on=: every name known, no section depending on itself, no cycle.</summary>
internal static class DependencyValidator
{
    /// <param name="fileOf">The file a section was read from, for the error suffix.</param>
    public static void Check(IReadOnlyList<GroupConfig> groups, Func<string, string> fileOf)
    {
        var edges = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var process in groups.SelectMany(g => g.Processes))
        {
            if (edges.ContainsKey(process.Section))
            {
                continue;
            }
            var targets = new List<string>();
            foreach (var name in process.Container.DependsOn)
            {
                var picked = DependencyNames.Resolve(name, groups).Select(t => t.Process.Section).Distinct().ToList();
                if (picked.Count == 0)
                {
                    throw Error($"depends_on names unknown program or group {PyText.Repr(name)}", process.Section, fileOf);
                }
                if (picked.Contains(process.Section))
                {
                    throw Error($"depends_on names its own program: {PyText.Repr(name)}", process.Section, fileOf);
                }
                targets.AddRange(picked.Where(s => !targets.Contains(s)));
            }
            edges[process.Section] = targets;
        }
        FindCycle(edges, fileOf);
    }

    private static void FindCycle(Dictionary<string, List<string>> edges, Func<string, string> fileOf)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        var path = new List<string>();
        void Visit(string section)
        {
            var at = path.IndexOf(section);
            if (at >= 0)
            {
                var cycle = string.Join(" -> ", path.Skip(at).Append(section));
                throw Error($"depends_on makes a cycle: {cycle}", section, fileOf);
            }
            if (!done.Add(section))
            {
                return;
            }
            path.Add(section);
            foreach (var next in edges.GetValueOrDefault(section) ?? [])
            {
                Visit(next);
            }
            path.RemoveAt(path.Count - 1);
        }
        foreach (var section in edges.Keys)
        {
            Visit(section);
        }
    }

    private static ConfigException Error(string message, string section, Func<string, string> fileOf) =>
        new($"{message} in section {PyText.Repr(section)} (file: {PyText.Repr(fileOf(section))})");
}
