using SuperNet.Core.Config;

namespace SuperNet.Core.Processes;

/// <summary>
/// Builds a child's environment (contract §3.2 step 4): supervisord's own environment, the SUPERVISOR_*
/// variables, then [supervisord] environment, then the program's environment; later entries win.
/// </summary>
public sealed class ChildEnvironment(
    IReadOnlyDictionary<string, string> daemonEnvironment,
    SupervisorConfig config)
{
    private readonly string? autoServerUrl = AutoServerUrl(config.Servers);

    public string? DaemonPath => daemonEnvironment.TryGetValue("PATH", out var p) ? p : null;

    /// <summary>PATH as the [supervisord] and program environment= define it, or null (§4.14); files are not read.</summary>
    public string? ProgramPath(ProcessConfig process) =>
        PathOf(config.Supervisord.Environment.Concat(process.Environment));

    /// <summary>
    /// The child's environment at one spawn, and the PATH its command is looked up in. environment_file= is read
    /// now, as the daemon's user: [supervisord]'s files, its environment=, the program's files, its environment=,
    /// later entries winning. Throws <see cref="EnvironmentFileException"/>.
    /// </summary>
    public SpawnEnvironment Build(string groupName, ProcessConfig process)
    {
        var env = new Dictionary<string, string>(daemonEnvironment, StringComparer.Ordinal)
        {
            ["SUPERVISOR_ENABLED"] = "1",
        };
        var url = process.ServerUrl ?? autoServerUrl;
        if (!string.IsNullOrEmpty(url))
        {
            env["SUPERVISOR_SERVER_URL"] = url;
        }
        env["SUPERVISOR_PROCESS_NAME"] = process.Name;
        env["SUPERVISOR_GROUP_NAME"] = groupName;
        var configured = FromFiles(config.Supervisord.EnvironmentFiles)
            .Concat(config.Supervisord.Environment)
            .Concat(FromFiles(process.EnvironmentFiles))
            .Concat(process.Environment)
            .ToList();
        foreach (var (key, value) in configured)
        {
            env[key] = value;
        }
        return new SpawnEnvironment([.. env.Select(kv => kv.Key + "=" + kv.Value)], PathOf(configured));
    }

    private static List<KeyValuePair<string, string>> FromFiles(IReadOnlyList<string> paths) =>
        paths.Count == 0 ? [] : [.. paths.SelectMany(EnvironmentFile.Read)];

    private static string? PathOf(IEnumerable<KeyValuePair<string, string>> entries) =>
        entries.LastOrDefault(kv => kv.Key == "PATH") is { Key: not null } found ? found.Value : null;

    /// <summary>The first unix server's socket, else the inet server (host "localhost" when bound to all).</summary>
    public static string? AutoServerUrl(IReadOnlyList<ServerConfig> servers)
    {
        if (servers.OfType<UnixHttpServerConfig>().FirstOrDefault() is { } unix)
        {
            return "unix://" + unix.File;
        }
        if (servers.OfType<InetHttpServerConfig>().FirstOrDefault() is { } inet)
        {
            return $"http://{(inet.Host.Length == 0 ? "localhost" : inet.Host)}:{inet.Port}";
        }
        return null;
    }
}

/// <summary>A child's environment entries (KEY=VALUE) and the configured PATH its command resolves in (null: the daemon's).</summary>
public sealed record SpawnEnvironment(IReadOnlyList<string> Entries, string? ProgramPath);
