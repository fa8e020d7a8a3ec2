using System.Globalization;
using SuperNet.Core.Config;
using SuperNet.Core.Readiness;

namespace SuperNet.Daemon;

/// <summary>
/// The SuperNet extension keys of one process that differ from their defaults, written as config keys
/// (key=value, space-separated) for --check-config.
/// </summary>
internal static class ExtensionReport
{
    public static string Render(ProcessConfig process)
    {
        var keys = new List<string>();
        var restart = process.Restart;
        var plain = RestartPolicy.Default;
        if (restart.Kind != plain.Kind)
            keys.Add($"backoff={restart.Kind.ToString().ToLowerInvariant()}");
        AddSeconds(keys, "backoff_initial", restart.InitialSeconds, plain.InitialSeconds);
        AddSeconds(keys, "backoff_max", restart.MaxSeconds, plain.MaxSeconds);
        AddSeconds(keys, "backoff_jitter", restart.Jitter, plain.Jitter);
        AddSeconds(keys, "backoff_reset", restart.ResetSeconds, plain.ResetSeconds);
        AddSeconds(keys, "restart_delay", restart.FixedSeconds, plain.FixedSeconds);

        // The reader appends the one space between prefix and line; the key never holds it.
        if (process.ContainerLog.Prefix.Length > 0)
            keys.Add($"log_prefix='{process.ContainerLog.Prefix[..^1]}'");
        if (process.ContainerLog.Json)
            keys.Add("log_format=json");
        if (process.EnvironmentFiles.Count > 0)
            keys.Add($"environment_file={string.Join(',', process.EnvironmentFiles)}");

        var container = process.Container;
        var none = ContainerOptions.None;
        if (container.DependsOn.Count > 0)
            keys.Add($"depends_on={string.Join(',', container.DependsOn)}");
        if (container.Ready.Kind != ProbeKind.Started)
            keys.Add($"ready={container.Ready.Text}");
        AddSeconds(keys, "ready_timeout", container.ReadyTimeout.TotalSeconds, none.ReadyTimeout.TotalSeconds);
        AddSeconds(keys, "ready_interval", container.ReadyInterval.TotalSeconds, none.ReadyInterval.TotalSeconds);
        if (container.Healthcheck is { } health)
            keys.Add($"healthcheck={health.Text}");
        AddSeconds(keys, "healthcheck_interval", container.HealthcheckInterval.TotalSeconds, none.HealthcheckInterval.TotalSeconds);
        if (container.HealthcheckRetries != none.HealthcheckRetries)
            keys.Add($"healthcheck_retries={container.HealthcheckRetries.ToString(CultureInfo.InvariantCulture)}");
        if (container.Critical)
            keys.Add("critical=true");
        return string.Join(' ', keys);
    }

    private static void AddSeconds(List<string> keys, string key, double value, double fallback)
    {
        if (value != fallback)
            keys.Add($"{key}={value.ToString(CultureInfo.InvariantCulture)}");
    }
}
