using SuperNet.Core.Config;

namespace SuperNet.Core.Readiness;

/// <summary>
/// How a depends_on= name picks processes: "g:*" every process of group g, "g:p" one process, a bare name
/// the group of that name, else every process of the program of that name (a member of a [group:x]).
/// </summary>
public static class DependencyNames
{
    /// <summary>The (group, process) pairs <paramref name="name"/> picks from <paramref name="groups"/>; empty when unknown.</summary>
    public static IEnumerable<(TGroup Group, TProcess Process)> Resolve<TGroup, TProcess>(
        string name, IEnumerable<TGroup> groups, Func<TGroup, string> groupName, Func<TGroup, IEnumerable<TProcess>> members,
        Func<TProcess, ProcessConfig> config)
    {
        var colon = name.IndexOf(':');
        if (colon >= 0)
        {
            var group = name[..colon];
            var process = name[(colon + 1)..];
            return groups.Where(g => groupName(g) == group)
                .SelectMany(g => members(g).Where(p => process == "*" || config(p).Name == process).Select(p => (g, p)));
        }
        var byGroup = groups.Where(g => groupName(g) == name).SelectMany(g => members(g).Select(p => (g, p))).ToList();
        if (byGroup.Count > 0)
        {
            return byGroup;
        }
        return groups.SelectMany(g => members(g).Where(p => config(p).ProgramName == name).Select(p => (g, p)));
    }

    public static IEnumerable<(GroupConfig Group, ProcessConfig Process)> Resolve(string name, IEnumerable<GroupConfig> groups) =>
        Resolve(name, groups, g => g.Name, g => g.Processes, p => p);
}
