using SuperNet.Core.Supervision;

namespace SuperNet.Rpc.Methods;

/// <summary>The two process orders supervisord uses: priority (actions) and lexical (listings).</summary>
internal static class Ordering
{
    /// <summary>A group's processes by ascending priority; stable, so ties keep the group's order.</summary>
    public static IEnumerable<ProcessView> ByPriority(GroupView group) =>
        group.Processes.OrderBy(p => p.Config.Priority);

    /// <summary>Groups by ascending priority, then each group's processes by priority.</summary>
    public static IEnumerable<ProcessView> AllByPriority(SupervisorView view) =>
        view.Groups.OrderBy(g => g.Config.Priority).SelectMany(ByPriority);

    /// <summary>Group name, then process name, in plain code-point order (web_10 before web_2).</summary>
    public static IReadOnlyList<ProcessView> Lexical(SupervisorView view)
    {
        if (view.Groups.Count == 1)
        {
            return ByName(view.Groups[0].Processes);
        }
        var groups = view.Groups.ToArray();
        Array.Sort(groups, static (a, b) => string.CompareOrdinal(a.Name, b.Name));
        var all = new List<ProcessView>(view.Groups.Sum(g => g.Processes.Count));
        foreach (var group in groups)
        {
            all.AddRange(ByName(group.Processes));
        }
        return all;
    }

    // A group's own order (priority, then name) is usually already this one: checking it is linear, sorting
    // 100000 names on every getAllProcessInfo was not, and the group's own list needs no copy.
    private static IReadOnlyList<ProcessView> ByName(IReadOnlyList<ProcessView> processes)
    {
        for (var i = 1; i < processes.Count; i++)
        {
            if (string.CompareOrdinal(processes[i - 1].Name, processes[i].Name) > 0)
            {
                return [.. processes.OrderBy(p => p.Name, StringComparer.Ordinal)];
            }
        }
        return processes;
    }
}
