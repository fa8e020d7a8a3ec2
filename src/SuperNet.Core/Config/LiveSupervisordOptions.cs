namespace SuperNet.Core.Config;

/// <summary>
/// The [supervisord] options a running generation acts on: start-up's, replaced by each successful reread
/// (reloadConfig, so `update` too). supervisord copies the re-read section onto its live options object, and the
/// places that read an option at use (getIdentification, readLog/clearLog/mainlogtail, the pidfile removed at the
/// end, AUTO log names of groups added later, strip_ansi, the event envelope's server, whether a spawn's output
/// is copied into the main log) see the new value at once, without a restart. Start-up-only options (the main
/// log's own file and level, umask, minfds, user, ...) are read from the generation's config, never from here.
/// Read from any thread; replaced by whichever thread finished the reread.
/// </summary>
public sealed class LiveSupervisordOptions(SupervisordOptions initial)
{
    private SupervisordOptions current = initial;

    public SupervisordOptions Value => Volatile.Read(ref current);

    public void Replace(SupervisordOptions reread) => Volatile.Write(ref current, reread);
}
