using SuperNet.Core.Config;

namespace SuperNet.Rpc.Engine;

/// <summary>
/// reloadConfig's "changed" test (contract §4.17): supervisord's config equality, applied to an active
/// group's config and the freshly parsed one.
/// </summary>
internal static class GroupChanges
{
    public static bool Same(GroupConfig active, SupervisordOptions activeDaemon, GroupConfig fresh, SupervisordOptions freshDaemon)
    {
        if (active.Name != fresh.Name || active.Priority != fresh.Priority || active.Kind != fresh.Kind
            || active.Processes.Count != fresh.Processes.Count)
        {
            return false;
        }
        if (active.Listener is { } l1 && fresh.Listener is { } l2
            && (l1.BufferSize != l2.BufferSize || !l1.Events.SequenceEqual(l2.Events) || l1.ResultHandler != l2.ResultHandler))
        {
            return false;
        }
        if (active.FastCgi?.Socket != fresh.FastCgi?.Socket)
        {
            return false;
        }
        for (var i = 0; i < active.Processes.Count; i++)
        {
            if (!SameProcess(active.Processes[i], activeDaemon, fresh.Processes[i], freshDaemon))
            {
                return false;
            }
        }
        return true;
    }

    private static bool SameProcess(ProcessConfig a, SupervisordOptions da, ProcessConfig b, SupervisordOptions db) =>
        a.Name == b.Name && a.User?.Uid == b.User?.Uid && a.Command == b.Command && a.Directory == b.Directory
        && a.Umask == b.Umask && a.Priority == b.Priority && a.AutoStart == b.AutoStart && a.AutoRestart == b.AutoRestart
        && a.StartSecs == b.StartSecs && a.StartRetries == b.StartRetries
        && SameLog(a.Stdout, b.Stdout) && SameLog(a.Stderr, b.Stderr)
        && a.StopSignal == b.StopSignal && a.StopWaitSecs == b.StopWaitSecs && a.StopAsGroup == b.StopAsGroup
        && a.KillAsGroup == b.KillAsGroup && a.ExitCodes.SequenceEqual(b.ExitCodes) && a.RedirectStderr == b.RedirectStderr
        && a.ServerUrl == b.ServerUrl && SameEnvironment(Merged(da, a), Merged(db, b))
        && SameExtensions(a, b) && da.EnvironmentFiles.SequenceEqual(db.EnvironmentFiles);

    /// <summary>
    /// SuperNet's own keys. supervisord ignores them, so it can never report them changed; here they take effect
    /// only through a new process object, so a program whose keys changed must count as changed or `update` would
    /// keep the old values until a full restart. An environment_file's contents are read at each spawn, so only
    /// its paths count; depends_on is a set of names, so its order does not.
    /// </summary>
    private static bool SameExtensions(ProcessConfig a, ProcessConfig b) =>
        a.Restart == b.Restart && a.ContainerLog == b.ContainerLog && a.EnvironmentFiles.SequenceEqual(b.EnvironmentFiles)
        && a.Container with { DependsOn = b.Container.DependsOn } == b.Container
        && a.Container.DependsOn.ToHashSet(StringComparer.Ordinal).SetEquals(b.Container.DependsOn);

    /// <summary>
    /// A live group has made its AUTO files, so on its side AUTO stands for a path no new value can equal;
    /// only a new AUTO (not yet made) is skipped, as supervisord skips its Automatic marker.
    /// </summary>
    private static bool SameLog(ChildLogOptions active, ChildLogOptions fresh)
    {
        var freshIsAutomatic = fresh.IsAuto && fresh.Path is null;
        var pathSame = freshIsAutomatic || (!active.IsAuto && active.Path == fresh.Path);
        return pathSame && active.CaptureMaxBytes == fresh.CaptureMaxBytes && active.EventsEnabled == fresh.EventsEnabled
            && active.Syslog == fresh.Syslog && active.Backups == fresh.Backups && active.MaxBytes == fresh.MaxBytes;
    }

    private static Dictionary<string, string> Merged(SupervisordOptions daemon, ProcessConfig process)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in daemon.Environment.Concat(process.Environment))
        {
            result[key] = value;
        }
        return result;
    }

    private static bool SameEnvironment(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);
}
