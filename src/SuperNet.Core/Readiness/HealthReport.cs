using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Readiness;

/// <summary>
/// What `supernetctl health` and GET /readyz answer: healthy when every autostarted process is RUNNING and
/// ready, or is a one-shot job that has finished; otherwise the ones that are not, one
/// "namespec STATE [not ready] [(last STATUS= or probe answer)] [waiting for db to be ready (depends_on)]" line each.
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
            foreach (var process in group.Processes.Where(p => p.Config.AutoStart && !p.Ready && !FinishedJob(p)))
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
                if (process.Waiting is { } wait)
                {
                    line += $" {wait.Text}";
                }
                problems.Add(line);
            }
        }
        return problems;
    }

    /// <summary>
    /// An init or migration job beside the services: it exited with an expected code and will not be restarted.
    /// depends_on counts it as satisfied, so a container is not called unhealthy for ever once it has done its work.
    /// </summary>
    private static bool FinishedJob(ProcessView process) =>
        process.State == ProcessState.Exited && process.Config.AutoRestart != AutoRestart.True
        && process.Config.ExitCodes.Contains(process.ExitStatus);

    /// <summary>The body of /readyz: "ok" or the problem lines, newline-terminated.</summary>
    public static string Text(IReadOnlyList<string> problems) =>
        problems.Count == 0 ? "ok\n" : string.Join("", problems.Select(p => p + "\n"));
}
