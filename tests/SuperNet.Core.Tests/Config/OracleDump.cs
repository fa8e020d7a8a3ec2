using System.Globalization;
using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

/// <summary>Prints SuperNet's parsed configuration in oracle_dump.py's line format, for comparison.</summary>
internal static class OracleDump
{
    public static string Print(SupervisorConfig c)
    {
        var o = c.Supervisord;
        var lines = new List<string>
        {
            $"supervisord logfile={o.Logfile} maxbytes={o.LogfileMaxBytes} backups={o.LogfileBackups} loglevel={(int)o.LogLevel} pidfile={o.Pidfile} umask={o.Umask}",
            $"supervisord nodaemon={B(o.Nodaemon)} silent={B(o.Silent)} minfds={o.MinFds} minprocs={o.MinProcs} nocleanup={B(o.NoCleanup)} childlogdir={o.ChildLogDir}",
            $"supervisord uid={N(o.User?.Uid)} directory={N(o.Directory)} strip_ansi={B(o.StripAnsi)} identifier={o.Identifier} environment={Env(o.Environment)}",
        };
        foreach (var r in c.RpcInterfaces)
            lines.Add($"rpcinterface {r.Name} extras={Env(r.Extras)}");
        foreach (var s in c.Servers)
        {
            lines.Add(s switch
            {
                UnixHttpServerConfig u => $"unix {u.Section} file={u.File} chmod={Convert.ToString(u.Chmod, 8)} chown={u.ChownUid},{u.ChownGid} username={N(u.Username)} password={N(u.Password)}",
                InetHttpServerConfig i => $"inet {i.Section} host={i.Host} port={i.Port} username={N(i.Username)} password={N(i.Password)}",
                _ => throw new InvalidOperationException(),
            });
        }
        foreach (var g in c.Groups)
        {
            string extra = "";
            string kind = g.Kind switch
            {
                GroupKind.EventListener => "EventListenerPoolConfig",
                GroupKind.FastCgi => "FastCGIGroupConfig",
                _ => "ProcessGroupConfig",
            };
            if (g.Listener is { } l)
                extra = $" buffer_size={l.BufferSize} events={string.Join(",", l.Events.Order(StringComparer.Ordinal))}";
            if (g.FastCgi is { } f)
            {
                bool unix = f.Socket.StartsWith("unix://", StringComparison.Ordinal);
                string owner = f.SocketOwner is { } so ? $"{so.Uid},{so.Gid}" : "None";
                extra = $" socket={f.Socket} backlog={(f.Backlog == 0 ? "None" : f.Backlog)} owner={(unix ? owner : "None")} mode={(unix ? Convert.ToString(f.SocketMode, 8) : "None")}";
            }
            lines.Add($"group {g.Name} priority={g.Priority} kind={kind}{extra}");
            foreach (var p in g.Processes)
            {
                lines.Add($"  process {p.Name} command={p.Command}");
                lines.Add($"    priority={p.Priority} autostart={B(p.AutoStart)} autorestart={p.AutoRestart.ToString().ToLowerInvariant()} startsecs={p.StartSecs} startretries={p.StartRetries}");
                lines.Add($"    stopsignal={p.StopSignal} stopwaitsecs={p.StopWaitSecs} stopasgroup={B(p.StopAsGroup)} killasgroup={B(p.KillAsGroup)} exitcodes={string.Join(",", p.ExitCodes)}");
                lines.Add($"    uid={N(p.User?.Uid)} directory={N(p.Directory)} umask={N(p.Umask)} redirect_stderr={B(p.RedirectStderr)} serverurl={N(p.ServerUrl)}");
                lines.Add(Log("stdout", p.Stdout));
                lines.Add(Log("stderr", p.Stderr));
                lines.Add($"    environment={Env(Merge(o.Environment, p.Environment))}");
            }
        }
        lines.AddRange(c.Messages.Select(m => (m.Level == LogLevel.Warn ? "WARN " : "INFO ") + m.Text));
        return string.Join("\n", lines) + "\n";
    }

    private static string Log(string channel, ChildLogOptions l) =>
        $"    {channel} logfile={(l.IsAuto ? "AUTO" : N(l.Path))} maxbytes={l.MaxBytes} backups={l.Backups} capture={l.CaptureMaxBytes} events={B(l.EventsEnabled)} syslog={B(l.Syslog)}";

    private static IEnumerable<KeyValuePair<string, string>> Merge(
        IReadOnlyList<KeyValuePair<string, string>> global, IReadOnlyList<KeyValuePair<string, string>> own)
    {
        var keys = new List<string>();
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in global.Concat(own))
        {
            if (!values.ContainsKey(k)) keys.Add(k);
            values[k] = v;
        }
        return keys.Select(k => new KeyValuePair<string, string>(k, values[k]));
    }

    private static string Env(IEnumerable<KeyValuePair<string, string>> pairs) => string.Join(",", pairs.Select(p => $"{p.Key}={p.Value}"));

    private static string B(bool b) => b ? "true" : "false";

    private static string N(object? v) => v is null ? "None" : Convert.ToString(v, CultureInfo.InvariantCulture)!;
}
