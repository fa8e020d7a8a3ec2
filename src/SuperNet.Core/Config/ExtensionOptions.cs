using System.Globalization;
using SuperNet.Core.Config.Python;

namespace SuperNet.Core.Config;

/// <summary>
/// Reads SuperNet's extension keys (restart pacing, container output, environment files). supervisord ignores
/// them, so one file serves both daemons; errors read like supervisord's, naming the key.
/// </summary>
internal static class ExtensionOptions
{
    public static RestartPolicy Restart(Func<string, string?> get)
    {
        var kind = get("backoff") is { } k
            ? PyText.Strip(k).ToLowerInvariant() switch
            {
                "supervisord" => BackoffKind.Supervisord,
                "exponential" => BackoffKind.Exponential,
                _ => throw new ConfigException($"invalid 'backoff' value {PyText.Repr(k)} (expected supervisord or exponential)"),
            }
            : BackoffKind.Supervisord;
        var policy = new RestartPolicy
        {
            Kind = kind,
            InitialSeconds = Seconds(get, "backoff_initial", RestartPolicy.Default.InitialSeconds),
            MaxSeconds = Seconds(get, "backoff_max", RestartPolicy.Default.MaxSeconds),
            Jitter = Seconds(get, "backoff_jitter", 0),
            ResetSeconds = Seconds(get, "backoff_reset", RestartPolicy.Default.ResetSeconds),
            FixedSeconds = Seconds(get, "restart_delay", 0),
        };
        if (policy.Jitter >= 1)
            throw new ConfigException($"invalid 'backoff_jitter' value {PyText.Repr(get("backoff_jitter")!)} (expected a fraction below 1)");
        if (policy.InitialSeconds <= 0)
            throw new ConfigException($"invalid 'backoff_initial' value {PyText.Repr(get("backoff_initial")!)} (expected seconds above 0)");
        if (policy.MaxSeconds < policy.InitialSeconds)
            throw new ConfigException("backoff_max must not be less than backoff_initial");
        if (kind == BackoffKind.Exponential && policy.FixedSeconds > 0)
            throw new ConfigException("restart_delay and backoff=exponential cannot be used together");
        return policy;
    }

    /// <summary>
    /// The exponential delay's keys set in a section that did not opt into it: they change nothing there, and a user
    /// who wrote backoff_max=60 without backoff=exponential would otherwise never learn why restarts keep their pace.
    /// </summary>
    public static IEnumerable<string> KeysWithoutEffect(RestartPolicy policy, Func<string, string?> get) =>
        policy.Kind == BackoffKind.Exponential ? []
            : new[] { "backoff_initial", "backoff_max", "backoff_jitter", "backoff_reset" }.Where(key => get(key) is not null);

    public static ContainerLogOptions ContainerLog(Func<string, string?> getRaw, ExpansionNames names)
    {
        bool json = getRaw("log_format") is { } f
            ? PyText.Strip(f).ToLowerInvariant() switch
            {
                "text" => false,
                "json" => true,
                _ => throw new ConfigException($"invalid 'log_format' value {PyText.Repr(f)} (expected text or json)"),
            }
            : false;
        string prefix = "";
        if (getRaw("log_prefix") is { } raw)
        {
            // The time is per line: the token survives expansion as itself and is filled in when a line is written.
            var withTime = new ExpansionNames(names).Set("time", ContainerLogOptions.TimeToken);
            // INI strips trailing blanks, so the space between prefix and line is ours to add.
            prefix = PyFormat.Expand(raw, withTime, "log_prefix") + " ";
        }
        return new ContainerLogOptions { Prefix = prefix, Json = json };
    }

    /// <summary>environment_file=: several paths separated by commas or lines, relative to the file's directory.</summary>
    public static IReadOnlyList<string> EnvironmentFiles(string? value, string here)
    {
        if (value is null)
            return [];
        return [.. value.Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => Path.IsPathRooted(p) ? p : Path.GetFullPath(Path.Combine(here, p)))];
    }

    private static double Seconds(Func<string, string?> get, string key, double fallback)
    {
        if (get(key) is not { } text)
            return fallback;
        return double.TryParse(PyText.Strip(text), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
               && value >= 0 && double.IsFinite(value)
            ? value
            : throw new ConfigException($"invalid '{key}' value {PyText.Repr(text)} (expected seconds, e.g. 1.5)");
    }
}
