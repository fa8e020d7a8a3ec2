using SuperNet.Core.Supervision;
using SuperNet.Rpc.Backend;

namespace SuperNet.Rpc.Engine;

/// <summary>
/// Turns the engine's published view into the RPC layer's snapshot. Descriptions depend on the current
/// second, so one snapshot is shared by every request that sees the same view within the same second.
/// </summary>
internal sealed class ViewSnapshots(TimeProvider time)
{
    private Cached? cached;

    public SupervisorSnapshot Of(SupervisorView view)
    {
        var now = time.GetUtcNow();
        var seconds = now.ToUnixTimeSeconds();
        if (Volatile.Read(ref cached) is { } c && ReferenceEquals(c.View, view) && c.Seconds == seconds)
        {
            return c.Snapshot;
        }
        var zone = time.LocalTimeZone;
        var groups = new GroupSnapshot[view.Groups.Count];
        for (var g = 0; g < groups.Length; g++)
        {
            var group = view.Groups[g];
            var members = new ProcessSnapshot[group.Processes.Count];
            for (var p = 0; p < members.Length; p++)
            {
                members[p] = Convert(group.Processes[p], now, zone);
            }
            groups[g] = new GroupSnapshot(group.Name, group.Config.Priority, members);
        }
        var snapshot = new SupervisorSnapshot(seconds, groups);
        Volatile.Write(ref cached, new Cached(view, seconds, snapshot));
        return snapshot;
    }

    private static ProcessSnapshot Convert(ProcessView view, DateTimeOffset now, TimeZoneInfo zone)
    {
        var info = view.Info(now, zone);
        return new ProcessSnapshot
        {
            Name = info.Name,
            Group = info.Group,
            Priority = view.Config.Priority,
            State = info.State,
            Start = info.Start,
            Stop = info.Stop,
            SpawnError = info.SpawnErr,
            ExitStatus = info.ExitStatus,
            Pid = info.Pid,
            StdoutLogfile = info.StdoutLogfile.Length > 0 ? info.StdoutLogfile : null,
            StderrLogfile = info.StderrLogfile.Length > 0 ? info.StderrLogfile : null,
            Description = info.Description,
            BackoffDelay = view.Config.Restart.DelaysEveryRestart ? info.BackoffDelay : null,
            DroppedLines = view.Drops is null ? null : info.DroppedLines,
            Readiness = view.Config.Container.UsesReadiness
                ? new ReadinessSnapshot(view.Ready, view.Config.Container.Ready.Text, view.ReadyStatus, view.Health)
                : null,
        };
    }

    private sealed record Cached(SupervisorView View, long Seconds, SupervisorSnapshot Snapshot);
}
