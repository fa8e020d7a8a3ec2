using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Daemon;

/// <summary>
/// What --check-config prints: the servers, the resolved groups and processes, one line each, and under a process
/// its SuperNet keys that differ from their defaults (<see cref="ExtensionReport"/>).
/// </summary>
internal static class ConfigReport
{
    public static string Render(SupervisorConfig config)
    {
        var text = new StringBuilder();
        text.Append($"configuration {config.ConfigFile} is valid\n");
        if (config.Supervisord.EnvironmentFiles.Count > 0)
            text.Append($"supervisord environment_file={string.Join(',', config.Supervisord.EnvironmentFiles)}\n");
        if (config.Supervisord.ExitWhenDone)
            text.Append("supervisord exit_when_done=true\n");
        foreach (var server in config.Servers)
        {
            text.Append(server switch
            {
                UnixHttpServerConfig u => $"server [{u.Section}] unix://{u.File}\n",
                InetHttpServerConfig i => $"server [{i.Section}] http://{(i.Host.Length == 0 ? "*" : i.Host)}:{i.Port}\n",
                _ => "",
            });
        }
        foreach (var group in config.Groups)
        {
            text.Append($"group {group.Name} ({group.Kind}, priority {group.Priority})\n");
            foreach (var p in group.Processes.OrderBy(p => p.Priority).ThenBy(p => p.Name, StringComparer.Ordinal))
            {
                text.Append($"  {group.Name}:{p.Name} priority={p.Priority} autostart={(p.AutoStart ? "true" : "false")} " +
                    $"startsecs={p.StartSecs} autorestart={p.AutoRestart.ToString().ToLowerInvariant()} command={p.Command}\n");
                // supervisord ignores these keys, so a misspelt or misplaced one is only ever visible here.
                var extensions = ExtensionReport.Render(p);
                if (extensions.Length > 0)
                    text.Append($"    supernet: {extensions}\n");
            }
        }
        return text.ToString();
    }
}
