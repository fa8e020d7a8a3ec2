using SuperNet.Core.Config;
using Microsoft.Win32.SafeHandles;
using SuperNet.Core.Os;

namespace SuperNet.Core.Readiness;

/// <summary>
/// ready= for one process (owner thread only): what a spawn needs (NOTIFY_SOCKET, fd:N), the polled probe's
/// schedule while STARTING, and whether the process has become ready. With ready=started it is always ready,
/// so the process follows supervisord's startsecs rule alone. Each spawn's callbacks are dropped after it ends.
/// <paramref name="changed"/> is told of news that changes no state (a STATUS=, STOPPING=1, a probe's answer), so
/// that clients see it before the process next changes state.
/// </summary>
internal sealed class ReadinessGate(string name, ContainerOptions options, IProbeHost host, Func<string, SpawnRequest> exec, Action changed)
{
    private int spawn;
    private NotifySocket? notify;
    private IProbeAttempt? attempt;
    private TimeSpan? nextAttempt;
    private TimeSpan? timeoutAt;

    public Probe Probe => options.Ready;
    /// <summary>True once this spawn reported (or was probed) ready; always true for ready=started.</summary>
    public bool Ready { get; private set; } = true;
    /// <summary>The last STATUS= of ready=notify, or the last probe answer.</summary>
    public string Status { get; private set; } = "";
    /// <summary>Set when ready_timeout passed: the reason the spawn is being stopped as a failed start.</summary>
    public string? Failure { get; private set; }

    /// <summary>The next time <see cref="Poll"/> has something to do while STARTING.</summary>
    public TimeSpan? NextDeadline => Ready || Failure is not null ? null : Earliest(attempt is null ? nextAttempt : null, timeoutAt);

    /// <summary>Before a spawn: the NOTIFY_SOCKET assignment and the fd:N to give the child, if any.</summary>
    public (string? Environment, int? Fd) Prepare()
    {
        End();
        Ready = Probe.Kind == ProbeKind.Started;
        Status = "";
        Failure = null;
        switch (Probe.Kind)
        {
            case ProbeKind.Notify:
                var current = spawn;
                notify = new NotifySocket(host, fields => OnNotify(current, fields));
                return ("NOTIFY_SOCKET=" + notify.Path, null);
            case ProbeKind.Fd:
                return (null, Probe.Fd);
            default:
                return (null, null);
        }
    }

    /// <summary>After a successful spawn: starts the clock of ready_timeout and the first probe.</summary>
    public void Spawned(SafeFileHandle? notifyPipe)
    {
        if (Ready)
        {
            return;
        }
        var now = host.Now;
        timeoutAt = options.ReadyTimeout > TimeSpan.Zero ? now + options.ReadyTimeout : null;
        nextAttempt = Probe.IsPolled ? now : null;
        if (notifyPipe is not null)
        {
            var current = spawn;
            host.Pump.Add(notifyPipe, new FdNotifySink(host, () => BecameReady(current, $"fd:{Probe.Fd} written")));
        }
    }

    /// <summary>Owner thread, every pass while STARTING: starts a due probe. Returns true when ready_timeout just passed.</summary>
    public bool Poll()
    {
        if (Ready || Failure is not null)
        {
            return false;
        }
        var now = host.Now;
        if (timeoutAt is { } due && now >= due)
        {
            Failure = $"not ready within {options.ReadyTimeout.TotalSeconds:0.###} seconds (ready_timeout)";
            StopProbing();
            return true;
        }
        if (attempt is null && nextAttempt is { } next && now >= next)
        {
            var current = spawn;
            var timeout = options.ReadyInterval < MinAttempt ? MinAttempt : options.ReadyInterval;
            attempt = ProbeRunner.Start(Probe, host, timeout, exec, result => OnProbe(current, result));
        }
        return false;
    }

    // An attempt needs time to connect or run even when the interval between attempts is short.
    private static readonly TimeSpan MinAttempt = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Shutdown or reload began: no more attempts (one running is cancelled, an exec child killed) and no
    /// ready_timeout, so the process waits for its turn to be stopped instead of failing its start before it.
    /// A notification may still make it ready.
    /// </summary>
    public void Suspend()
    {
        StopProbing();
        timeoutAt = null;
    }

    /// <summary>The spawn ended (exit reaped): nothing of it may report any more.</summary>
    public void End()
    {
        spawn++;
        StopProbing();
        notify?.Dispose();
        notify = null;
        timeoutAt = null;
    }

    private void StopProbing()
    {
        attempt?.Cancel();
        attempt = null;
        nextAttempt = null;
    }

    private void OnProbe(int from, ProbeResult result)
    {
        if (from != spawn)
        {
            return;
        }
        attempt = null;
        Status = result.Output;
        changed();
        if (result.Ok)
        {
            BecameReady(from, result.Output);
            return;
        }
        host.Log.Log(LogLevel.Debug, $"ready probe of {name} ({Probe.Text}) failed: {result.Output}");
        nextAttempt = host.Now + options.ReadyInterval;
    }

    private void OnNotify(int from, IReadOnlyList<KeyValuePair<string, string>> fields)
    {
        if (from != spawn)
        {
            return;
        }
        changed();
        foreach (var (key, value) in fields)
        {
            switch (key)
            {
                case "STATUS":
                    Status = value;
                    break;
                case "READY" when value == "1":
                    BecameReady(from, "READY=1");
                    break;
                case "STOPPING" when value == "1":
                    // systemd reads it as the start of the service's shutdown: whatever its state, it is no
                    // longer ready. A process still STARTING is then held to ready_timeout again (counted from
                    // the spawn, as always): a READY=1 makes it ready, an exit is a failed start, and past the
                    // timeout it is stopped as a failed start.
                    Ready = false;
                    host.Log.Log(LogLevel.Info, $"{name} reported STOPPING=1");
                    break;
            }
        }
    }

    private void BecameReady(int from, string how)
    {
        if (from != spawn || Ready || Failure is not null)
        {
            return;
        }
        Ready = true;
        // timeoutAt stays: a STOPPING=1 before RUNNING makes the process not ready again, under the same timeout.
        StopProbing();
        host.Log.Log(LogLevel.Debug, $"{name} is ready ({how})");
    }

    private static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;
}
