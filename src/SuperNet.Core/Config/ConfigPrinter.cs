using System.Globalization;
using System.Text;

namespace SuperNet.Core.Config;

/// <summary>The human-readable summary --check-config prints: the configuration as SuperNet understood it.</summary>
public static class ConfigPrinter
{
    public static string Format(SupervisorConfig config)
    {
        var sb = new StringBuilder();
        var s = config.Supervisord;
        Line(sb, $"config file: {config.ConfigFile}");
        Line(sb, $"[supervisord] logfile={s.Logfile} loglevel={s.LogLevel.ToString().ToLowerInvariant()} pidfile={s.Pidfile} nodaemon={s.Nodaemon} silent={s.Silent}");
        Line(sb, $"  childlogdir={s.ChildLogDir} identifier={s.Identifier} user={s.User?.Name ?? "-"} umask={Octal(s.Umask)} minfds={s.MinFds} minprocs={s.MinProcs}");
        if (s.Environment.Count > 0) Line(sb, $"  environment: {Pairs(s.Environment)}");
        foreach (var server in config.Servers)
        {
            Line(sb, server switch
            {
                UnixHttpServerConfig u => $"[{u.Section}] unix://{u.File} mode={Octal(u.Chmod)} auth={(u.Username is null ? "off" : "on")}",
                InetHttpServerConfig i => $"[{i.Section}] http://{(i.Host.Length == 0 ? "*" : i.Host)}:{i.Port} auth={(i.Username is null ? "off" : "on")}",
                _ => $"[{server.Section}]",
            });
        }
        foreach (var group in config.Groups)
        {
            string extra = group.Listener is { } l ? $" events={string.Join(",", l.Events)} buffer_size={l.BufferSize}"
                : group.FastCgi is { } f ? $" socket={f.Socket}" : "";
            Line(sb, $"group {group.Name} ({group.Kind.ToString().ToLowerInvariant()}) priority={group.Priority}{extra}");
            foreach (var p in group.Processes)
            {
                Line(sb, $"  {p.Name}: {p.Command}");
                Line(sb, $"    priority={p.Priority} autostart={p.AutoStart} autorestart={p.AutoRestart.ToString().ToLowerInvariant()} startsecs={p.StartSecs} startretries={p.StartRetries} stopsignal={p.StopSignal} stopwaitsecs={p.StopWaitSecs}");
                Line(sb, $"    stdout={Log(p.Stdout)} stderr={(p.RedirectStderr ? "redirected" : Log(p.Stderr))} user={p.User?.Name ?? "-"} directory={p.Directory ?? "-"}");
                if (p.Environment.Count > 0) Line(sb, $"    environment: {Pairs(p.Environment)}");
            }
        }
        foreach (var m in config.Messages)
            Line(sb, $"{m.Level.ToString().ToUpperInvariant()} {m.Text}");
        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append('\n');

    private static string Octal(int mode) => "0" + Convert.ToString(mode, 8);

    private static string Log(ChildLogOptions l) => l.IsAuto ? "AUTO" : l.Path ?? "NONE";

    private static string Pairs(IEnumerable<KeyValuePair<string, string>> pairs) =>
        string.Join(", ", pairs.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key}={p.Value}")));
}
