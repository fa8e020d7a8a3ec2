using SuperNet.Core.Config;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// Pending start/stop waits (startProcess/stopProcess with wait=true). Checked on every state change of
/// their process, so no transient state is missed and the loop never blocks on a caller.
/// </summary>
internal sealed class Waiters(Supervisor owner)
{
    private static readonly TimeSpan StopReportEvery = TimeSpan.FromSeconds(2);

    private readonly List<Waiter> pending = [];

    public TimeSpan? NextReport
    {
        get
        {
            TimeSpan? next = null;
            foreach (var w in pending)
            {
                if (w.NextReport is { } due && (next is null || due < next))
                {
                    next = due;
                }
            }
            return next;
        }
    }

    /// <summary>Completes when the process is RUNNING (Ok), failed to start (SPAWN_ERROR) or left STARTING otherwise.</summary>
    public void AwaitStart(Subprocess process, string namespec, Action<Outcome> done) =>
        Add(new Waiter(process, namespec, done, IsStop: false) { NextReport = null });

    /// <summary>
    /// Completes when the process is in a STOPPED state; logs "waiting for x to stop" meanwhile. The first line
    /// comes in the pass that sent the signal, unless the stop was already complete (a BACKOFF process): upstream
    /// polls its waiting stop once within the request, and a child that has just been signalled is almost never
    /// reaped by then, so supervisord logs the line even for a child that exits at once. The lines end when
    /// <paramref name="callerGone"/> is cancelled: upstream logs them from the request's answer, which is dropped
    /// with the caller's connection.
    /// </summary>
    public void AwaitStop(Subprocess process, string namespec, Action<Outcome> done, CancellationToken callerGone) =>
        Add(new Waiter(process, namespec, done, IsStop: true) { NextReport = owner.Now, CallerGone = callerGone });

    /// <summary>As <see cref="AwaitStop"/> without the log lines: for a caller that does not wait.</summary>
    public void AwaitStopQuietly(Subprocess process, string namespec, Action<Outcome> done) =>
        Add(new Waiter(process, namespec, done, IsStop: true) { NextReport = null });

    private void Add(Waiter waiter)
    {
        if (Check(waiter) is { } outcome)
        {
            waiter.Done(outcome);
            return;
        }
        pending.Add(waiter);
    }

    public void OnStateChanged(Subprocess process)
    {
        for (var i = 0; i < pending.Count; i++)
        {
            var waiter = pending[i];
            if (waiter.Process == process && Check(waiter) is { } outcome)
            {
                pending.RemoveAt(i--);
                waiter.Done(outcome);
            }
        }
    }

    public void ReportStops()
    {
        var now = owner.Now;
        foreach (var waiter in pending)
        {
            if (waiter.NextReport is { } due && now >= due)
            {
                if (waiter.CallerGone.IsCancellationRequested)
                {
                    waiter.NextReport = null;
                    continue;
                }
                owner.Log.Log(LogLevel.Info, $"waiting for {waiter.Process.Name} to stop");
                waiter.NextReport = now + StopReportEvery;
            }
        }
    }

    /// <summary>The supervisor ended: answer whoever still waits.</summary>
    public void AbandonAll()
    {
        foreach (var waiter in pending)
        {
            waiter.Done(Outcome.Of(Fault.ShutdownState));
        }
        pending.Clear();
    }

    private Outcome? Check(Waiter waiter)
    {
        var process = waiter.Process;
        if (waiter.IsStop)
        {
            return process.State.IsStopped() ? Outcome.Ok : null;
        }
        if (process.StartQueued)
        {
            return owner.BlockedDependency(process) is { } blocked
                ? Outcome.Of(Fault.Failed, $"{waiter.Namespec}: its dependency {blocked} (depends_on)")
                : null;
        }
        if (process.SpawnErr is not null)
        {
            return Outcome.Of(Fault.SpawnError, waiter.Namespec);
        }
        return process.State switch
        {
            ProcessState.Running => Outcome.Ok,
            ProcessState.Starting => null,
            _ => Outcome.Of(Fault.AbnormalTermination, waiter.Namespec),
        };
    }

    private sealed record Waiter(Subprocess Process, string Namespec, Action<Outcome> Done, bool IsStop)
    {
        public TimeSpan? NextReport { get; set; }

        public CancellationToken CallerGone { get; init; }
    }
}
