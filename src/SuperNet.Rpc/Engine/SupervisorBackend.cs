using System.Runtime.CompilerServices;
using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Backend;

namespace SuperNet.Rpc.Engine;

/// <summary>
/// The RPC layer's backend over the engine's <see cref="Supervisor"/> (contract §2). Reads come from the
/// view the owner thread publishes, so no request stalls the loop; every change is a command posted to it.
/// </summary>
public sealed class SupervisorBackend : ISupervisorBackend
{
    private readonly Supervisor supervisor;
    private readonly SupervisorConfig config;
    private readonly MainLog? mainLog;
    private readonly Func<SupervisorConfig> reread;
    private readonly TimeProvider time;
    private readonly ViewSnapshots snapshots;
    // The [supervisord] options of the parse each group config object came from: its environment is part of
    // every process's merged environment, which reloadConfig compares.
    private readonly ConditionalWeakTable<GroupConfig, SupervisordOptions> daemonOf = new();
    private IReadOnlyList<GroupConfig> available;
    private volatile bool stopRequested;

    /// <param name="config">The configuration this generation runs (identification, the initial available set).</param>
    /// <param name="reread">Parses the configuration file again, with the command line's overrides (reloadConfig).</param>
    public SupervisorBackend(Supervisor supervisor, SupervisorConfig config, MainLog? mainLog, Func<SupervisorConfig> reread,
        TimeProvider? time = null, string supervisorVersion = SupervisordArguments.Version)
    {
        this.supervisor = supervisor;
        this.config = config;
        this.mainLog = mainLog;
        this.reread = reread;
        this.time = time ?? TimeProvider.System;
        snapshots = new ViewSnapshots(this.time);
        available = config.Groups;
        Remember(config);
        SupervisorVersion = supervisorVersion;
    }

    public string Identification => config.Supervisord.Identifier;

    public string SupervisorVersion { get; }

    public int Pid => Environment.ProcessId;

    public bool IsShuttingDown => stopRequested || !supervisor.View.Accepting;

    public string? MainLogfile => mainLog?.Path;

    public SupervisorSnapshot GetSnapshot() => snapshots.Of(supervisor.View);

    public IReadOnlyList<AvailableGroup> GetAvailableGroups()
    {
        var active = ByName(supervisor.View);
        return [.. Volatile.Read(ref available).Select(g =>
        {
            var live = active.GetValueOrDefault(g.Name);
            // Only the object a live group was made from has its AUTO files; a re-read copy still says "auto".
            var shown = live is not null && ReferenceEquals(live.Config, g) ? WithAutoPaths(g, live) : g;
            return new AvailableGroup(shown, live is not null);
        })];
    }

    public async Task<PendingChange> StartProcessAsync(ProcessKey key, CancellationToken cancellationToken) =>
        Pending(await supervisor.BeginStartAsync(Spec(key)).WaitAsync(cancellationToken));

    public async Task<PendingChange> StopProcessAsync(ProcessKey key, bool wait, CancellationToken cancellationToken) =>
        Pending(await supervisor.BeginStopAsync(Spec(key), wait).WaitAsync(cancellationToken));

    public async Task SignalProcessAsync(ProcessKey key, int signal, CancellationToken cancellationToken) =>
        Check(await supervisor.SignalProcessAsync(Spec(key), signal.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .WaitAsync(cancellationToken));

    public async Task SendProcessStdinAsync(ProcessKey key, string chars, CancellationToken cancellationToken) =>
        Check(await supervisor.SendStdinAsync(Spec(key), Encoding.UTF8.GetBytes(chars)).WaitAsync(cancellationToken));

    public async Task ClearProcessLogsAsync(ProcessKey key, CancellationToken cancellationToken) =>
        Check(await supervisor.ClearProcessLogsAsync(Spec(key)).WaitAsync(cancellationToken));

    public async Task ClearMainLogAsync(CancellationToken cancellationToken)
    {
        // On the owner thread, so "reopening log file" lands between the engine's own lines, never inside one.
        var result = mainLog is null
            ? LogClearResult.NoFile
            : await supervisor.InvokeAsync(mainLog.Clear).WaitAsync(cancellationToken);
        switch (result)
        {
            case LogClearResult.NoFile:
                throw new RpcFaultException(Faults.NoFile, MainLogfile);
            case LogClearResult.Failed:
                throw new RpcFaultException(Faults.Failed, MainLogfile);
        }
    }

    public async Task<ConfigDiff> ReloadConfigAsync(CancellationToken cancellationToken)
    {
        SupervisorConfig fresh;
        try
        {
            fresh = await Task.Run(reread, cancellationToken);
        }
        catch (ConfigException e)
        {
            throw new RpcFaultException(Faults.CantReread, e.Message);
        }
        Remember(fresh);
        Volatile.Write(ref available, fresh.Groups);
        var view = supervisor.View;
        var active = ByName(view);
        var configured = fresh.Groups.Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        var added = fresh.Groups.Where(g => !active.ContainsKey(g.Name)).Select(g => g.Name).ToList();
        var removed = view.Groups.Where(a => !configured.Contains(a.Name)).Select(a => a.Name).ToList();
        var changed = fresh.Groups
            .Where(g => active.TryGetValue(g.Name, out var live)
                && !GroupChanges.Same(live.Config, DaemonOptionsOf(live.Config), g, fresh.Supervisord))
            .Select(g => g.Name)
            .ToList();
        return new ConfigDiff(added, changed, removed);
    }

    public async Task AddProcessGroupAsync(string name, CancellationToken cancellationToken)
    {
        var group = Volatile.Read(ref available).FirstOrDefault(g => g.Name == name)
            ?? throw new RpcFaultException(Faults.BadName, name);
        Check(await supervisor.AddGroupAsync(group).WaitAsync(cancellationToken));
    }

    public async Task RemoveProcessGroupAsync(string name, CancellationToken cancellationToken) =>
        Check(await supervisor.RemoveGroupAsync(name).WaitAsync(cancellationToken));

    public void RequestShutdown()
    {
        stopRequested = true;
        _ = supervisor.ShutdownAsync();
    }

    public void RequestRestart()
    {
        stopRequested = true;
        _ = supervisor.RestartAsync();
    }

    /// <summary>SuperNet has no event listeners yet, so there is nobody to deliver REMOTE_COMMUNICATION to.</summary>
    // Posted, not awaited: the loop notifies the pools in the order the requests came, as upstream does inline.
    public void SendRemoteCommEvent(string type, string data) => _ = supervisor.SendRemoteCommEventAsync(type, data);

    private static string Spec(ProcessKey key) => Namespec.Make(key.Group, key.Process);

    private static Dictionary<string, GroupView> ByName(SupervisorView view)
    {
        var result = new Dictionary<string, GroupView>(view.Groups.Count, StringComparer.Ordinal);
        foreach (var g in view.Groups)
        {
            result[g.Name] = g;
        }
        return result;
    }

    private void Remember(SupervisorConfig parsed)
    {
        foreach (var g in parsed.Groups)
        {
            daemonOf.AddOrUpdate(g, parsed.Supervisord);
        }
    }

    private SupervisordOptions DaemonOptionsOf(GroupConfig live) =>
        daemonOf.TryGetValue(live, out var options) ? options : config.Supervisord;

    private static GroupConfig WithAutoPaths(GroupConfig group, GroupView live) => group with
    {
        Processes = [.. group.Processes.Select(p =>
        {
            var view = live.Processes.FirstOrDefault(v => v.Name == p.Name);
            if (view is null)
            {
                return p;
            }
            return p with { Stdout = Materialized(p.Stdout, view.StdoutLogfile), Stderr = Materialized(p.Stderr, view.StderrLogfile) };
        })],
    };

    private static ChildLogOptions Materialized(ChildLogOptions log, string path) =>
        log.IsAuto && log.Path is null && path.Length > 0 ? log with { Path = path } : log;

    private static PendingChange Pending(Begun begun)
    {
        Check(begun.Outcome);
        return begun.Completion is { } completion ? new PendingChange(Completed(completion)) : PendingChange.Done;
    }

    private static async Task Completed(Task<Outcome> completion) => Check(await completion);

    private static void Check(Outcome outcome)
    {
        if (!outcome.Succeeded)
        {
            throw Fault(outcome);
        }
    }

    /// <summary>The engine's full fault text is "NAME" or "NAME: detail"; the RPC exception rebuilds it from the detail.</summary>
    internal static RpcFaultException Fault(Outcome outcome)
    {
        var code = (int)outcome.Code;
        var name = Faults.Name(code);
        var detail = outcome.Text.Length > name.Length + 2 && outcome.Text.StartsWith(name + ": ", StringComparison.Ordinal)
            ? outcome.Text[(name.Length + 2)..]
            : null;
        return new RpcFaultException(code, detail);
    }

}
