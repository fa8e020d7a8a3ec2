using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The reaper's side of <see cref="ReaperSentinel"/>: starts it and knows its pid, so that its exit is
/// collected without being reported. It is not in the pid registry, so nothing can signal it through
/// the daemon, and no program, RPC or exit code ever sees it. Owned by the reaper thread: the kernel
/// ties PR_SET_PDEATHSIG to the thread that spawned the child, and the reaper's lives as long as the daemon.
/// <paramref name="onTrouble"/> hears of a failed start not yet said since the last all-clear or the last sentinel
/// that lived (a failure repeated every second is said once), and null when a spawn succeeds after failed spawns
/// with no exit at start among them.
/// </summary>
internal sealed class SentinelChild(string binary, Action<SentinelTrouble?>? onTrouble)
{
    /// <summary>
    /// A sentinel is started again at most this often, so one that cannot start or keeps dying costs a
    /// spawn a second, not a spin. Until then the reaper, if it has no child at all, looks for orphans
    /// after this long, as it did before the sentinel existed.
    /// </summary>
    private static readonly TimeSpan RestartInterval = TimeSpan.FromSeconds(1);

    private const string DevNull = "/dev/null";

    private long? _lastStart;

    // Every failure said since the last all-clear or the last sentinel known to have lived. Not just the last one
    // said: under a pids limit at its edge, EAGAIN (no process) and exit 255 (a process but no thread) alternate as
    // other processes come and go, and each would be news again after the other, three lines a round forever.
    private readonly HashSet<SentinelTrouble> _said = [];

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
        if (errno != 0)
        {
            Report(new SentinelTrouble(errno, null, errno is ErrnoNames.ENOENT or ErrnoNames.EACCES ? Culprit() : null));
        }
        else if (_said.Count > 0 && !_said.Any(t => t.Exit is not null))
        {
            // A spawn that works again says the cause is gone. Not after an exit at start: such a spawn works too and
            // then exits, and nothing tells the reaper when one lives.
            _said.Clear();
            onTrouble?.Invoke(null);
        }
    }

    /// <summary>How long <see cref="EnsureRunning"/> will still decline to start one.</summary>
    public TimeSpan UntilNextStart => _lastStart is { } last
        ? TimeSpan.FromMilliseconds(Math.Max(0, (long)RestartInterval.TotalMilliseconds - (Environment.TickCount64 - last)))
        : TimeSpan.Zero;

    /// <summary>Its zombie was collected: the next <see cref="EnsureRunning"/> starts another one.</summary>
    public void Exited(WaitStatus? status)
    {
        Pid = 0;
        // Once it waits it never exits by itself: only a signal ends it (kill -9 -1 in the container, replaced
        // silently). An exit status means it never got there.
        if (status is { Exited: true })
        {
            Report(new SentinelTrouble(0, status));
        }
        else if (status is not null)
        {
            // It lived: a failure after this is news again.
            _said.Clear();
        }
    }

    // The spawn opens /dev/null before it executes the binary; the binary is /proc/self/exe unless /proc is missing.
    private string Culprit() => File.Exists(DevNull) ? binary : DevNull;

    private void Report(SentinelTrouble trouble)
    {
        if (_said.Add(trouble))
        {
            onTrouble?.Invoke(trouble);
        }
    }

    /// <summary>
    /// Its own process group (a terminal's ^C and a signal to the daemon's group pass it by), /dev/null on
    /// 0/1/2 (it holds none of the daemon's pipes or terminal open), nothing else open, and only the
    /// daemon's own runtime settings in its environment.
    /// </summary>
    private int Spawn(out int pid)
    {
        using var plan = new SpawnPlan(Consts.POSIX_SPAWN_SETPGROUP);
        plan.Open(0, DevNull, Consts.O_RDWR);
        plan.Dup2(0, 1);
        plan.Dup2(0, 2);
        plan.CloseFrom(3);
        using var argv = new NativeStringArray([Environment.ProcessPath ?? binary, ReaperSentinel.Flag]);
        using var environment = new NativeStringArray(HelperEnvironment.DaemonRuntimeSettings);
        return plan.Spawn(binary, argv, environment, out pid);
    }
}
