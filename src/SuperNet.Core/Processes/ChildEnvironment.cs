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

    /// <summary>PATH as the [supervisord] and program environments define it, or null (§4.14).</summary>
    public string? ProgramPath(ProcessConfig process)
    {
        string? path = null;
        foreach (var (key, value) in config.Supervisord.Environment.Concat(process.Environment))
        {
            if (key == "PATH")
            {
                path = value;
            }
        }
        return path;
    }

    public IReadOnlyList<string> Build(string groupName, ProcessConfig process)
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
        foreach (var (key, value) in config.Supervisord.Environment.Concat(process.Environment))
        {
            env[key] = value;
        }
        return [.. env.Select(kv => kv.Key + "=" + kv.Value)];
    }

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
