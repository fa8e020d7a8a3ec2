using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Readiness;

/// <summary>
/// What `supernetctl health` and GET /readyz answer: healthy when every autostarted process is RUNNING and
/// ready; otherwise the ones that are not, one "namespec STATE [not ready] [(last STATUS= or probe answer)]" line each.
/// </summary>
public static class HealthReport
{
    public static IReadOnlyList<string> Problems(SupervisorView view)
    {
        var problems = new List<string>();
        if (!view.Accepting)
        {
            problems.Add("supernetd is shutting down");
        }
        foreach (var group in view.Groups)
        {
            foreach (var process in group.Processes.Where(p => p.Config.AutoStart && !p.Ready))
            {
                var line = $"{Namespec.Make(group.Name, process.Name)} {process.State.Name()}";
                if (process.State == ProcessState.Running)
                {
                    line += " not ready";
                }
                if (process.ReadyStatus.Length > 0)
                {
                    line += $" ({process.ReadyStatus})";
                }
                problems.Add(line);
            }
        }
        return problems;
    }

    /// <summary>The body of /readyz: "ok" or the problem lines, newline-terminated.</summary>
    public static string Text(IReadOnlyList<string> problems) =>
        problems.Count == 0 ? "ok\n" : string.Join("", problems.Select(p => p + "\n"));
}
