using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>The result structs of contract §2.4, members in supervisord's order.</summary>
internal static class Structs
{
    public static XmlRpcStruct ProcessInfo(ProcessView view, DateTimeOffset now, TimeZoneInfo zone)
    {
        var p = view.Info(now, zone);
        // Sized for every optional member: getAllProcessInfo makes one per process per call.
        var members = new List<KeyValuePair<string, XmlRpcValue>>(20)
        {
            new("name", p.Name),
            new("group", p.Group),
            new("start", p.Start),
            new("stop", p.Stop),
            new("now", p.Now),
            new("state", (int)p.State),
            new("statename", p.State.Name()),
            new("spawnerr", p.SpawnErr),
            new("exitstatus", p.ExitStatus),
            new("logfile", p.StdoutLogfile),
            new("stdout_logfile", p.StdoutLogfile),
            new("stderr_logfile", p.StderrLogfile),
            new("pid", p.Pid),
            new("description", p.Description),
        };
        ReadinessFields.AddTo(members, view);
        // Extension members only for programs that use the extension: supervisord's struct is unchanged otherwise.
        if (view.Config.Restart.DelaysEveryRestart)
        {
            members.Add(new("backoff_delay", p.BackoffDelay));
        }
        if (view.Drops is not null)
        {
            members.Add(new("dropped_lines", p.DroppedLines));
        }
        return new(members);
    }

    /// <summary>One element of a group/all operation's answer (§2.4 status result).</summary>
    public static XmlRpcStruct Status(ProcessView p, Outcome outcome) => new(
    [
        new("name", p.Name),
        new("group", p.Group),
        new("status", (int)outcome.Code),
        new("description", outcome.Text),
    ]);

    public static XmlRpcStruct ConfigInfo(GroupConfig group, ProcessConfig p, bool inUse) => new(
    [
        new("autostart", p.AutoStart),
        new("directory", p.Directory ?? "none"),
        new("uid", p.User is { } u ? new XmlRpcInt(u.Uid) : new XmlRpcString("none")),
        new("command", p.Command),
        new("exitcodes", new XmlRpcArray([.. p.ExitCodes.Select(c => (XmlRpcValue)c)])),
        new("group", group.Name),
        new("group_prio", group.Priority),
        new("inuse", inUse),
        new("killasgroup", p.KillAsGroup),
        new("name", p.Name),
        new("process_prio", p.Priority),
        new("redirect_stderr", p.RedirectStderr),
        new("startretries", p.StartRetries),
        new("startsecs", p.StartSecs),
        new("stdout_capture_maxbytes", p.Stdout.CaptureMaxBytes),
        new("stdout_events_enabled", p.Stdout.EventsEnabled),
        new("stdout_logfile", LogName(p.Stdout)),
        new("stdout_logfile_backups", p.Stdout.Backups),
        new("stdout_logfile_maxbytes", p.Stdout.MaxBytes),
        new("stdout_syslog", p.Stdout.Syslog),
        new("stopsignal", p.StopSignal),
        new("stopwaitsecs", p.StopWaitSecs),
        new("stderr_capture_maxbytes", p.Stderr.CaptureMaxBytes),
        new("stderr_events_enabled", p.Stderr.EventsEnabled),
        new("stderr_logfile", p.RedirectStderr ? "none" : LogName(p.Stderr)),
        new("stderr_logfile_backups", p.Stderr.Backups),
        new("stderr_logfile_maxbytes", p.Stderr.MaxBytes),
        new("stderr_syslog", p.Stderr.Syslog),
        new("serverurl", p.ServerUrl ?? "none"),
    ]);

    private static string LogName(ChildLogOptions log) => log.Path ?? (log.IsAuto ? "auto" : "none");
}
