using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Readiness;

/// <summary>
/// healthcheck= for one process (owner thread only): while RUNNING, one probe every healthcheck_interval;
/// healthcheck_retries failures in a row call <paramref name="unhealthy"/> with the last answer. Nothing is
/// scheduled while the process is not RUNNING, and nothing at all without healthcheck=. <paramref name="changed"/>
/// is told of each answer, which changes <see cref="State"/> but not the process's.
/// </summary>
internal sealed class HealthMonitor(string name, ContainerOptions options, IProbeHost host, Func<string, SpawnRequest> exec,
    Action<string> unhealthy, Action changed)
{
    private static readonly TimeSpan MinAttempt = TimeSpan.FromSeconds(2);
    private int run;
    private IProbeAttempt? attempt;
    private TimeSpan? nextAttempt;

    public int Failures { get; private set; }
    /// <summary>"" when no healthcheck runs, else "healthy", "unhealthy" (failing, not yet restarted) or "starting".</summary>
    public string State => options.Healthcheck is null || nextAttempt is null && attempt is null ? "" : Failures > 0 ? "unhealthy" : checkedOnce ? "healthy" : "starting";
    private bool checkedOnce;

    public TimeSpan? NextDeadline => attempt is null ? nextAttempt : null;

    /// <summary>No check is running or scheduled.</summary>
    public bool Idle => attempt is null && nextAttempt is null;

    /// <summary>The process became RUNNING: the first check comes one interval later.</summary>
    public void Start()
    {
        if (options.Healthcheck is null)
        {
            return;
        }
        Stop();
        nextAttempt = host.Now + options.HealthcheckInterval;
    }

    public void Stop()
    {
        run++;
        attempt?.Cancel();
        attempt = null;
        nextAttempt = null;
        Failures = 0;
        checkedOnce = false;
    }

    public void Poll()
    {
        if (options.Healthcheck is not { } probe || attempt is not null || nextAttempt is not { } due || host.Now < due)
        {
            return;
        }
        var current = run;
        var timeout = options.HealthcheckInterval < MinAttempt ? MinAttempt : options.HealthcheckInterval;
        attempt = ProbeRunner.Start(probe, host, timeout, exec, result => OnResult(current, result));
    }

    private void OnResult(int from, ProbeResult result)
    {
        if (from != run)
        {
            return;
        }
        attempt = null;
        checkedOnce = true;
        changed();
        nextAttempt = host.Now + options.HealthcheckInterval;
        if (result.Ok)
        {
            Failures = 0;
            host.Log.Log(LogLevel.Debug, $"healthcheck of {name} passed: {result.Output}");
            return;
        }
        Failures++;
        host.Log.Log(LogLevel.Warn,
            $"healthcheck of {name} failed ({Failures} of {options.HealthcheckRetries}): {result.Output}");
        if (Failures >= options.HealthcheckRetries)
        {
            var last = result.Output;
            Stop();
            unhealthy(last);
        }
    }
}
