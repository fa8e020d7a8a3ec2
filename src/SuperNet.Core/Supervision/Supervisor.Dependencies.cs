using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Supervision;

/// <summary>
/// depends_on= at run time, critical= and exec-probe children. Names resolve against the groups that exist now,
/// so addProcessGroup/removeProcessGroup (update, add, remove) re-evaluate the graph. Configs without
/// depends_on= take none of these paths: their order stays supervisord's.
/// </summary>
public sealed partial class Supervisor
{
    private readonly Dictionary<int, Action<WaitStatus>> probePids = [];
    // The processes a pass wanted to spawn and depends_on held back, and why: logged once per reason, and
    // published (ProcessView.Waiting) until the process is spawned, changes state or its start is dropped.
    private readonly Dictionary<Subprocess, DependencyWait> held = [];
    private Dictionary<Subprocess, Dependencies>? graph;
    // A process became ready or finished: dependents may spawn in the same message rather than at the next one.
    private bool dependencyWake;

    /// <summary>The daemon's exit status: 0, or what a critical program's end set.</summary>
    public int ExitStatus { get; private set; }

    private sealed record Dependencies(IReadOnlyList<Subprocess> On, IReadOnlyList<string> Missing);

    private bool AnyDependsOn => Graph.Count > 0;

    private Dictionary<Subprocess, Dependencies> Graph => graph ??= BuildGraph();

    private Dictionary<Subprocess, Dependencies> BuildGraph()
    {
        var built = new Dictionary<Subprocess, Dependencies>();
        foreach (var process in groups.SelectMany(g => g.Processes))
        {
            var names = process.Config.Container.DependsOn;
            if (names.Count == 0)
            {
                continue;
            }
            var on = new List<Subprocess>();
            var missing = new List<string>();
            foreach (var name in names)
            {
                var picked = DependencyNames.Resolve(name, groups, g => g.Name, g => g.Processes, p => p.Config)
                    .Select(t => t.Process).Where(p => p != process).ToList();
                if (picked.Count == 0)
                {
                    missing.Add(name);
                }
                on.AddRange(picked.Where(p => !on.Contains(p)));
            }
            built[process] = new Dependencies(on, missing);
        }
        return built;
    }

    private void GraphChanged()
    {
        graph = null;
        ForgetWaits();
        // A removed dependency ends the waits of starts queued behind it.
        foreach (var queued in groups.SelectMany(g => g.Processes).Where(p => p.StartQueued))
        {
            waiters.OnStateChanged(queued);
        }
    }

    /// <summary>A dependency counts once RUNNING and ready, or once it exited with an expected code (a finished one-shot job).</summary>
    private static bool Satisfies(Subprocess dependency) =>
        dependency.IsReady || dependency.ExitedAsExpected;

    bool IProcessOwner.DependenciesReady(Subprocess process) => DependenciesReady(process);

    bool IProcessOwner.DependenciesMet(Subprocess process) => WaitReason(process) is null;

    private bool DependenciesReady(Subprocess process)
    {
        if (WaitReason(process) is not { } wait)
        {
            StopWaiting(process);
            return true;
        }
        if (!held.TryGetValue(process, out var said) || !said.Equals(wait))
        {
            held[process] = wait;
            MarkChanged(process);
            Log.Log(wait.Kind == DependencyWaitKind.NotReady ? LogLevel.Info : LogLevel.Warn,
                $"not starting {process.Name} yet: {wait.Text}");
        }
        return false;
    }

    /// <summary>The process is no longer held back (spawned, changed state, its start dropped).</summary>
    private void StopWaiting(Subprocess process)
    {
        if (held.Remove(process) && members.ContainsKey(process))
        {
            MarkChanged(process);
        }
    }

    /// <summary>Every wait ends (the graph changed, or shutdown began): a pass that still holds one says so again.</summary>
    private void ForgetWaits()
    {
        foreach (var process in held.Keys.ToList())
        {
            StopWaiting(process);
        }
    }

    /// <summary>What depends_on holds the process back for, or null when it need not wait.</summary>
    private DependencyWait? WaitReason(Subprocess process)
    {
        if (process.Config.Container.DependsOn.Count == 0 || !Graph.TryGetValue(process, out var dependencies))
        {
            return null;
        }
        if (dependencies.Missing.Count > 0)
        {
            return new DependencyWait(DependencyWaitKind.Missing, dependencies.Missing);
        }
        if (dependencies.On.FirstOrDefault(d => d.State == ProcessState.Fatal) is { } fatal)
        {
            return new DependencyWait(DependencyWaitKind.Fatal, [fatal.Name]);
        }
        return dependencies.On.Where(d => !Satisfies(d)).Select(d => d.Name).ToList() is { Count: > 0 } pending
            ? new DependencyWait(DependencyWaitKind.NotReady, pending)
            : null;
    }

    /// <summary>
    /// What keeps a queued start from ever happening on its own, for a waiting startProcess: a dependency that is
    /// FATAL (and not queued to start again) or not in the configuration, looked for through the queued
    /// dependencies too (app queued behind mid queued behind a FATAL db waits for nothing that will come).
    /// Null while the start may still happen.
    /// </summary>
    internal string? BlockedDependency(Subprocess process)
    {
        var seen = new HashSet<Subprocess>();
        string? Walk(Subprocess waiting)
        {
            if (!seen.Add(waiting) || !Graph.TryGetValue(waiting, out var dependencies))
            {
                return null;
            }
            if (dependencies.Missing.Count > 0)
            {
                return $"{dependencies.Missing[0]} is not in the configuration";
            }
            foreach (var dependency in dependencies.On)
            {
                if (dependency.State == ProcessState.Fatal && !dependency.StartQueued)
                {
                    return $"{dependency.Name} is FATAL";
                }
                if (dependency.StartQueued && !Satisfies(dependency) && Walk(dependency) is { } why)
                {
                    return why;
                }
            }
            return null;
        }
        return Walk(process);
    }

    /// <summary>
    /// startProcess of a process whose dependencies are not ready: it and every dependency not already
    /// starting are queued, and each is spawned as soon as its own dependencies are ready.
    /// </summary>
    /// <returns>False when nothing needs queueing: the caller spawns at once.</returns>
    internal bool QueueStart(Subprocess process)
    {
        if (DependenciesReady(process))
        {
            return false;
        }
        process.StartQueued = true;
        foreach (var dependency in Graph[process].On)
        {
            if (!Satisfies(dependency) && !dependency.State.IsRunning() && !dependency.StartQueued)
            {
                dependency.StartQueued = true;
                QueueStart(dependency);
            }
        }
        return true;
    }

    /// <summary>Dependents are stopped before what they depend on; among the rest, groups go in supervisord's order.</summary>
    private void AdvanceStopInDependencyOrder()
    {
        for (var i = stopGroups!.Count - 1; i >= 0; i--)
        {
            var group = stopGroups[i];
            if (group.Pool is { } pool && Draining(pool))
            {
                return;
            }
            for (var p = group.Processes.Count - 1; p >= 0; p--)
            {
                var process = group.Processes[p];
                process.StartQueued = false;
                if (!HasUnstoppedDependents(process))
                {
                    process.StopForShutdown();
                }
            }
            if (group.UnstoppedCount == 0)
            {
                stopGroups.RemoveAt(i);
                continue;
            }
            if (group.Unstopped.Any(p => !HasUnstoppedDependents(p)))
            {
                return;
            }
            // Only members whose dependents live in later-stopped groups are left: stop those dependents first.
        }
    }

    private bool HasUnstoppedDependents(Subprocess process) =>
        Graph.Any(entry => entry.Key != process && !entry.Key.State.IsStopped() && entry.Value.On.Contains(process));

    /// <summary>State changes that concern dependents, critical= and readiness listeners.</summary>
    private void AfterStateChange(Subprocess process, ProcessState from)
    {
        StopWaiting(process);
        var to = process.State;
        // A FATAL dependency changes what its dependents wait for: they say so in this message, not at some later wake.
        if (to is ProcessState.Running or ProcessState.Exited or ProcessState.Fatal && AnyDependsOn)
        {
            dependencyWake = true;
        }
        if (to == ProcessState.Fatal && AnyDependsOn)
        {
            foreach (var queued in groups.SelectMany(g => g.Processes).Where(p => p.StartQueued))
            {
                waiters.OnStateChanged(queued);
            }
        }
        if (process.Config.Container.UsesReadiness && (to == ProcessState.Running || from == ProcessState.Running))
        {
            var data = $"processname:{process.Name} groupname:{process.GroupName} pid:{process.Pid} ready:{(process.IsReady ? 1 : 0)}";
            hub.Notify(EventPayloads.Remote(to == ProcessState.Running ? ReadyEventType : NotReadyEventType, data));
        }
        if (process.Config.Container.Critical && Mood == SupervisorMood.Running && exit is null)
        {
            if (to == ProcessState.Fatal)
            {
                CriticalEnded(process, "entered FATAL state", fatal: true);
            }
            else if (to == ProcessState.Exited && !process.WillRestart)
            {
                CriticalEnded(process, $"exited ({process.LastExit?.Describe()}) and will not be restarted", fatal: false);
            }
        }
        if (to is ProcessState.Exited or ProcessState.Fatal)
        {
            ExitIfDone();
        }
    }

    /// <summary>The REMOTE_COMMUNICATION types of readiness events (a type supervisord knows, so one config serves both).</summary>
    public const string ReadyEventType = "supernet:process_ready";
    public const string NotReadyEventType = "supernet:process_not_ready";

    private void CriticalEnded(Subprocess process, string why, bool fatal)
    {
        var code = EndStatus(process, fatal);
        ExitStatus = code;
        shutdownCause = (LogLevel.Critical, $"critical program {process.Name} {why}: stopping all programs, supernetd will exit {code}");
        Mood = SupervisorMood.Shutdown;
    }

    /// <summary>The daemon's exit status for a program's end: its exit code, 128+N for signal N, 1 for a FATAL without one.</summary>
    private static int EndStatus(Subprocess process, bool fatal)
    {
        var code = process.LastExit is { } status ? status.Exited ? status.ExitCode : 128 + status.TermSignal : 1;
        return fatal && code == 0 ? 1 : code;
    }

    // Why a program's end stops the daemon (critical=, exit_when_done=): logged once the transition that caused it
    // is, so its own line (supervisord's "gave up: ...") reads before its consequence.
    private (LogLevel Level, string Text)? shutdownCause;

    /// <summary>The line of a program's end that stops the daemon, before anything of the shutdown it began is logged.</summary>
    private void ReportShutdownCause()
    {
        if (shutdownCause is { } line)
        {
            shutdownCause = null;
            Log.Log(line.Level, line.Text);
        }
    }

    void IProbeHost.ProbeStarted(int pid, Action<WaitStatus> exited) => probePids[pid] = exited;

    private bool ProbeExited(int pid, WaitStatus status)
    {
        if (!probePids.Remove(pid, out var exited))
        {
            return false;
        }
        exited(status);
        return true;
    }

    /// <summary>Extra loop passes while dependencies keep becoming ready (bounded: each pass moves some process on).</summary>
    private void TransitionDependents()
    {
        for (var pass = 0; dependencyWake && pass <= groups.Sum(g => g.Processes.Count); pass++)
        {
            dependencyWake = false;
            if (TransitionAll())
            {
                TransitionAll();
            }
        }
        dependencyWake = false;
    }
}
