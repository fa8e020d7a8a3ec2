using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

/// <summary>
/// The engine's commands addressed by namespec, as the RPC layer addresses them: the name is resolved against
/// the published view, then the command is posted with the process's identity. Waiting calls await completion.
/// </summary>
internal static class ByName
{
    public static async Task<Outcome> StartProcessAsync(this Supervisor supervisor, string namespec, bool wait = true)
    {
        if (Find(supervisor, namespec) is not { } process)
        {
            return Outcome.Of(Fault.BadName, namespec);
        }
        return await Finish(await supervisor.StartAsync(process.Id), wait);
    }

    public static async Task<Outcome> StopProcessAsync(this Supervisor supervisor, string namespec, bool wait = true)
    {
        if (Find(supervisor, namespec) is not { } process)
        {
            return Outcome.Of(Fault.BadName, namespec);
        }
        return await Finish(await supervisor.StopAsync(process.Id, wait), wait);
    }

    public static Task<Begun> BeginStartAsync(this Supervisor supervisor, string namespec) =>
        Find(supervisor, namespec) is { } process
            ? supervisor.StartAsync(process.Id)
            : Task.FromResult(new Begun(Outcome.Of(Fault.BadName, namespec), null));

    public static Task<Begun> BeginStopAsync(
        this Supervisor supervisor, string namespec, bool reportWaiting = true, CancellationToken callerGone = default) =>
        Find(supervisor, namespec) is { } process
            ? supervisor.StopAsync(process.Id, reportWaiting, callerGone: callerGone)
            : Task.FromResult(new Begun(Outcome.Of(Fault.BadName, namespec), null));

    /// <summary>The name is resolved before the signal is validated, as supervisord does.</summary>
    public static Task<Outcome> SignalProcessAsync(this Supervisor supervisor, string namespec, string signal)
    {
        if (Find(supervisor, namespec) is not { } process)
        {
            return Task.FromResult(Outcome.Of(Fault.BadName, namespec));
        }
        return SignalNames.TryParse(signal) is { } valid
            ? supervisor.SignalAsync(process.Id, valid)
            : Task.FromResult(Outcome.Of(Fault.BadSignal, signal));
    }

    public static Task<Outcome> SendStdinAsync(this Supervisor supervisor, string namespec, byte[] data) =>
        Find(supervisor, namespec) is { } process
            ? supervisor.SendStdinAsync(process.Id, data)
            : Task.FromResult(Outcome.Of(Fault.BadName, namespec));

    public static Task<Outcome> ClearProcessLogsAsync(this Supervisor supervisor, string namespec) =>
        Find(supervisor, namespec) is { } process
            ? supervisor.ClearLogsAsync(process.Id)
            : Task.FromResult(Outcome.Of(Fault.BadName, namespec));

    public static Task<SupervisorMood> GetMoodAsync(this Supervisor supervisor) => supervisor.InvokeAsync(() => supervisor.Mood);

    /// <summary>getAllProcessInfo's listing: group name, then process name, in code-point order.</summary>
    public static async Task<IReadOnlyList<ProcessInfo>> GetAllProcessInfoAsync(this Supervisor supervisor, TimeProvider time)
    {
        await supervisor.InvokeAsync(() => 0);
        var now = time.GetUtcNow();
        return [.. supervisor.View.Groups
            .OrderBy(g => g.Name, StringComparer.Ordinal)
            .SelectMany(g => g.Processes.OrderBy(p => p.Name, StringComparer.Ordinal))
            .Select(p => p.Info(now, TimeZoneInfo.Utc))];
    }

    public static ProcessView? Find(Supervisor supervisor, string namespec)
    {
        var (group, name) = Namespec.Split(namespec);
        return name is null ? null : supervisor.View.FindGroup(group)?.FindProcess(name);
    }

    private static async Task<Outcome> Finish(Begun begun, bool wait) =>
        !begun.Outcome.Succeeded || !wait || begun.Completion is null ? begun.Outcome : await begun.Completion;
}
