using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The reaper's side of <see cref="ReaperSentinel"/>: starts it and knows its pid, so that its exit is
/// collected without being reported. It is not in the pid registry, so nothing can signal it through
/// the daemon, and no program, RPC or exit code ever sees it. Owned by the reaper thread: the kernel
/// ties PR_SET_PDEATHSIG to the thread that spawned the child, and the reaper's lives as long as the daemon.
/// <paramref name="onStartChanged"/> gets the errno of a start that failed where the one before did not fail
/// that way, and 0 for a start that succeeded after failures.
/// </summary>
internal sealed class SentinelChild(string binary, Action<int>? onStartChanged)
{
    /// <summary>
    /// A sentinel is started again at most this often, so one that cannot start or keeps dying costs a
    /// spawn a second, not a spin. Until then the reaper, if it has no child at all, looks for orphans
    /// after this long, as it did before the sentinel existed.
    /// </summary>
    private static readonly TimeSpan RestartInterval = TimeSpan.FromSeconds(1);

    private long? _lastStart;

    /// <summary>The errno of the last start, if it failed: a streak of the same failure is reported once, not every second.</summary>
    private int _failure;

    /// <summary>The live sentinel's pid, 0 while there is none.</summary>
    public int Pid { get; private set; }

    /// <summary>Starts a sentinel unless one is alive or the last one started less than <see cref="RestartInterval"/> ago.</summary>
    public void EnsureRunning()
    {
        var now = Environment.TickCount64;
        if (Pid != 0 || now - _lastStart < (long)RestartInterval.TotalMilliseconds)
        {
            return;
        }
        _lastStart = now;
        var errno = Spawn(out var pid);
        Pid = errno == 0 ? pid : 0;
        if (errno != _failure)
        {
            _failure = errno;
            onStartChanged?.Invoke(errno);
        }
    }

    /// <summary>How long <see cref="EnsureRunning"/> will still decline to start one.</summary>
    public TimeSpan UntilNextStart => _lastStart is { } last
        ? TimeSpan.FromMilliseconds(Math.Max(0, (long)RestartInterval.TotalMilliseconds - (Environment.TickCount64 - last)))
        : TimeSpan.Zero;

    /// <summary>Its zombie was collected: the next <see cref="EnsureRunning"/> starts another one.</summary>
    public void Exited() => Pid = 0;

    /// <summary>
    /// Its own process group (a terminal's ^C and a signal to the daemon's group pass it by), /dev/null on
    /// 0/1/2 (it holds none of the daemon's pipes or terminal open), nothing else open, and only the
    /// daemon's own runtime settings in its environment.
    /// </summary>
    private int Spawn(out int pid)
    {
        using var plan = new SpawnPlan(Consts.POSIX_SPAWN_SETPGROUP);
        plan.Open(0, "/dev/null", Consts.O_RDWR);
        plan.Dup2(0, 1);
        plan.Dup2(0, 2);
        plan.CloseFrom(3);
        using var argv = new NativeStringArray([Environment.ProcessPath ?? binary, ReaperSentinel.Flag]);
        using var environment = new NativeStringArray(HelperEnvironment.DaemonRuntimeSettings);
        return plan.Spawn(binary, argv, environment, out pid);
    }
}
