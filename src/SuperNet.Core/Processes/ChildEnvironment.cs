using SuperNet.Core.Config;
using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>
/// Builds a child's environment (contract §3.2 step 4): supervisord's own environment, the SUPERVISOR_*
/// variables, then [supervisord] environment_file= and environment=, then the program's environment_file= and
/// environment=; later entries win.
/// </summary>
public sealed class ChildEnvironment(
    IReadOnlyDictionary<string, string> daemonEnvironment,
    SupervisorConfig config,
    IRegularFileOpener files)
{
    private readonly string? autoServerUrl = AutoServerUrl(config.Servers);
    private readonly (string[] Keys, string[] Entries, Dictionary<string, string> Values) shared = Shared(daemonEnvironment);

    public string? DaemonPath => daemonEnvironment.TryGetValue("PATH", out var p) ? p : null;

    /// <summary>PATH as the [supervisord] and program environment= define it, or null (§4.14); files are not read.</summary>
    /// <param name="daemon">The [supervisord] options the process's group was parsed with; null: the running config's.</param>
    public string? ProgramPath(ProcessConfig process, SupervisordOptions? daemon = null) =>
        PathOf((daemon ?? config.Supervisord).Environment.Concat(process.Environment));

    /// <summary>
    /// The PATH a spawn now would look the command up in: <see cref="ProgramPath"/>'s, or with environment_file=
    /// <see cref="Build"/>'s, which reads the files. Throws <see cref="EnvironmentFileException"/>.
    /// </summary>
    public string? SpawnPath(string groupName, ProcessConfig process, SupervisordOptions? daemon = null) =>
        process.EnvironmentFiles.Count == 0 && (daemon ?? config.Supervisord).EnvironmentFiles.Count == 0
            ? ProgramPath(process, daemon)
            : Build(groupName, process, daemon).ProgramPath;

    /// <summary>
    /// The child's environment at one spawn, and the PATH its command is looked up in. environment_file= is read
    /// now, as the daemon's user: [supervisord]'s files, its environment=, the program's files, its environment=,
    /// later entries winning. Throws <see cref="EnvironmentFileException"/>.
    /// </summary>
    /// <param name="daemon">The [supervisord] options the process's group was parsed with; null: the running config's.</param>
    public SpawnEnvironment Build(string groupName, ProcessConfig process, SupervisordOptions? daemon = null)
    {
        daemon ??= config.Supervisord;
        // Later entries win; a key keeps the place of its first appearance (the shared part's order first).
        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        var url = process.ServerUrl ?? autoServerUrl;
        if (!string.IsNullOrEmpty(url))
        {
            overrides["SUPERVISOR_SERVER_URL"] = url;
        }
        overrides["SUPERVISOR_PROCESS_NAME"] = process.Name;
        overrides["SUPERVISOR_GROUP_NAME"] = groupName;
        var configured = new List<KeyValuePair<string, string>>();
        // A file's ${VAR} sees what the child's environment holds by then: earlier sources, then the daemon's own.
        string? Lookup(string key) => overrides.TryGetValue(key, out var value) ? value : shared.Values.GetValueOrDefault(key);
        void Add(IEnumerable<KeyValuePair<string, string>> source)
        {
            foreach (var entry in source)
            {
                overrides[entry.Key] = entry.Value;
                configured.Add(entry);
            }
        }
        foreach (var path in daemon.EnvironmentFiles)
        {
            Add(EnvironmentFile.Read(path, files, Lookup));
        }
        Add(daemon.Environment);
        foreach (var path in process.EnvironmentFiles)
        {
            Add(EnvironmentFile.Read(path, files, Lookup));
        }
        Add(process.Environment);
        var entries = new List<string>(shared.Keys.Length + overrides.Count);
        for (var i = 0; i < shared.Keys.Length; i++)
        {
            entries.Add(overrides.Remove(shared.Keys[i], out var value) ? shared.Keys[i] + "=" + value : shared.Entries[i]);
        }
        foreach (var (key, value) in overrides)
        {
            entries.Add(key + "=" + value);
        }
        return new SpawnEnvironment(entries, PathOf(configured));
    }

    /// <summary>
    /// What every child's environment starts with: the daemon's own variables and SUPERVISOR_ENABLED, made into
    /// KEY=VALUE text once rather than at every spawn (with many programs that copy was most of a spawn's garbage).
    /// </summary>
    private static (string[] Keys, string[] Entries, Dictionary<string, string> Values) Shared(IReadOnlyDictionary<string, string> daemonEnvironment)
    {
        var env = new Dictionary<string, string>(daemonEnvironment, StringComparer.Ordinal)
        {
            ["SUPERVISOR_ENABLED"] = "1",
        };
        return ([.. env.Keys], [.. env.Select(kv => kv.Key + "=" + kv.Value)], env);
    }

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
