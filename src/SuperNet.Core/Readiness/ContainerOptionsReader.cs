using System.Globalization;
using SuperNet.Core.Config;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Readiness;

/// <summary>Reads the container keys of one program-like section; the caller adds " in section ... (file: ...)".</summary>
internal static class ContainerOptionsReader
{
    /// <param name="get">The section's value for a key (expanded), or null when absent.</param>
    /// <param name="criticalDefault">[supervisord] critical=, the default of each program's critical=.</param>
    public static ContainerOptions Read(Func<string, string?> get, bool criticalDefault)
    {
        var defaults = ContainerOptions.None;
        var dependsOn = get("depends_on") is { } d ? Names(d) : [];
        var ready = get("ready") is { } r ? ProbeParser.Parse("ready", r) : Probe.Started;
        var readyTimeout = Seconds(get, "ready_timeout", defaults.ReadyTimeout, allowZero: true);
        var readyInterval = Seconds(get, "ready_interval", defaults.ReadyInterval, allowZero: false);
        var healthcheck = get("healthcheck") is { } h ? ProbeParser.Parse("healthcheck", h, polledOnly: true) : null;
        var healthInterval = Seconds(get, "healthcheck_interval", defaults.HealthcheckInterval, allowZero: false);
        var retries = defaults.HealthcheckRetries;
        if (get("healthcheck_retries") is { } n)
        {
            retries = ConfigValues.Int32(n);
            if (retries < 1)
            {
                throw new ConfigException($"not a valid healthcheck_retries value: {PyText.Repr(n)} (expected an integer >= 1)");
            }
        }
        var critical = get("critical") is { } c ? ConfigValues.Boolean(c) : criticalDefault;
        return new ContainerOptions
        {
            DependsOn = dependsOn,
            Ready = ready,
            ReadyTimeout = readyTimeout,
            ReadyInterval = readyInterval,
            Healthcheck = healthcheck,
            HealthcheckInterval = healthInterval,
            HealthcheckRetries = retries,
            Critical = critical,
        };
    }

    /// <summary>A comma- and/or blank-separated list, blanks dropped, duplicates kept once.</summary>
    public static IReadOnlyList<string> Names(string value) =>
        [.. value.Split([',', ' ', '\t', '\n'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];

    private static TimeSpan Seconds(Func<string, string?> get, string key, TimeSpan fallback, bool allowZero)
    {
        if (get(key) is not { } text)
        {
            return fallback;
        }
        var stripped = PyText.Strip(text);
        if (!double.TryParse(stripped, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)
            || double.IsNaN(seconds) || seconds < 0 || (!allowZero && seconds == 0) || seconds > int.MaxValue)
        {
            var bound = allowZero ? ">= 0" : "> 0";
            throw new ConfigException($"not a valid {key} value: {PyText.Repr(text)} (expected a number of seconds {bound})");
        }
        return TimeSpan.FromSeconds(seconds);
    }
}
