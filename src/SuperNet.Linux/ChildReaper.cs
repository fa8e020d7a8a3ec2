using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The one reaper: a dedicated thread blocked in waitid(P_ALL, WEXITED|WNOWAIT). It only peeks, so
/// the zombie keeps its pid; it then collects that pid with waitpid under the registry lock, which
/// makes "unregister" and "pid may be reused" a single step for the signaller. Reports every pid,
/// ours or a re-parented orphan's. With no children it sleeps until the next spawn. As PID 1 it keeps
/// a sentinel child (ADR 0009), so waitid always has a child to block on and wakes for the orphans that
/// come from outside its own tree too.
/// </summary>
public sealed unsafe class ChildReaper
{
    private readonly PidRegistry _registry;
    private readonly string _sentinelBinary;
    private SentinelChild? _sentinel;
    private ReaperDoorbell? _doorbell;
    private Action<int, WaitStatus>? _onExit;
    private Thread? _thread;

    /// <param name="sentinelBinary">Re-executed as the sentinel when this process is PID 1; its Main must call <see cref="ReaperSentinel.RunIfAsked"/> first.</param>
    internal ChildReaper(PidRegistry registry, string sentinelBinary)
    {
        _registry = registry;
        _sentinelBinary = sentinelBinary;
    }

    /// <summary>
    /// Called with the errno of an unexpected waitid failure (supervisord logs CRIT
    /// "waitpid error N; a process may not be cleaned up properly"); the reaper then waits for the
    /// next spawn instead of spinning.
    /// </summary>
    public Action<int>? OnWaitError { get; set; }

    /// <summary>
    /// As PID 1, called on the reaper thread when the sentinel could not be started or ended at start, by an exit or
    /// a signal (each failure once, though retried every second, until a sentinel lives), and with null when a
    /// sentinel lives after that. With no sentinel and no program running, an orphan that comes from outside is
    /// reaped up to a second late, and nothing else says why. Must not block: it would hold up the reaping.
    /// </summary>
    public Action<SentinelTrouble?>? OnSentinelTrouble { get; set; }

    /// <summary>True when this process was made a child subreaper (it is not PID 1).</summary>
    public bool IsSubreaper { get; private set; }

    public void Start(Action<int, WaitStatus> onExit)
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The reaper is already started.");
        }
        _onExit = onExit;
        if (Libc.GetPid() == 1)
        {
            // A PID namespace's init: a process we never spawned (`podman exec`'s command, whose parent is
            // outside the namespace) hands us what it leaves behind, even while we have no child. waitid
            // cannot block without a child and SIGCHLD is not ours to take (ADR 0002).
            _sentinel = new SentinelChild(_sentinelBinary, trouble => OnSentinelTrouble?.Invoke(trouble));
        }
        else
        {
            // Orphans of double-forking programs come to us instead of to init.
            IsSubreaper = Libc.Prctl(Consts.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
        }
        _thread = new Thread(Run) { IsBackground = true, Name = "supernet-reaper" };
        _thread.Start();
    }

    private void Run()
    {
        var info = stackalloc byte[Consts.SigInfoSize];
        while (true)
        {
            var seen = _registry.SpawnCount;
            _sentinel?.EnsureRunning();
            // Nothing wakes this thread when a starting sentinel gets to wait, and the all-clear is owed then: the
            // children are looked at without blocking, and the sentinel is waited for instead, along with the
            // doorbell that says a child exited meanwhile.
            var starting = _sentinel?.Starting == true;
            new Span<byte>(info, Consts.SigInfoSize).Clear();
            if (Libc.WaitId(Consts.P_ALL, 0, info, Consts.WEXITED | Consts.WNOWAIT | (starting ? Consts.WNOHANG : 0)) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == ErrnoNames.EINTR)
                {
                    continue;
                }
                if (errno != ErrnoNames.ECHILD)
                {
                    OnWaitError?.Invoke(errno);
                }
                // As PID 1, ECHILD means no sentinel could be started yet: look again when one may be.
                _registry.WaitForSpawnAfter(seen, _sentinel is not null && errno == ErrnoNames.ECHILD ? _sentinel.UntilNextStart : null);
                continue;
            }
            var pid = *(int*)(info + Consts.SigInfoPidOffset);
            if (pid <= 0)
            {
                if (starting)
                {
                    _doorbell ??= ReaperDoorbell.Create();
                    _sentinel!.AwaitReady(_doorbell);
                }
                continue;
            }
            if (pid == _sentinel?.Pid)
            {
                // Killed from outside (kill -9 -1 in the container), or it could not start: replaced at the top of the
                // loop, never reported as a child.
                _sentinel.Exited(Collect(pid));
                continue;
            }
            if (Collect(pid) is { } status)
            {
                _onExit!(pid, status);
            }
        }
    }

    private WaitStatus? Collect(int pid)
    {
        int raw;
        lock (_registry.Gate)
        {
            if (_registry.KillsGroupAtExitLocked(pid) && IsZombieLocked(pid))
            {
                // Its zombie keeps the group's id from being reused until the waitpid below: the kill
                // reaches what it left behind in its group and nothing else.
                Libc.Kill(-pid, Signals.KILL);
            }
            // 0 or ECHILD: glibc's posix_spawn already collected its own failed child, or the pid
            // now belongs to a new live child. Either way there is nothing to report.
            if (Libc.WaitPid(pid, &raw, Consts.WNOHANG) != pid)
            {
                return null;
            }
            _registry.RemoveLocked(pid);
        }
        return new WaitStatus(raw);
    }

    /// <summary>
    /// Whether the registered pid is still our uncollected zombie. The peek alone does not say so: the zombie it
    /// saw may have been glibc's own failed posix_spawn child, collected since, its pid now a newer child's.
    /// </summary>
    private static bool IsZombieLocked(int pid)
    {
        var info = stackalloc byte[Consts.SigInfoSize];
        new Span<byte>(info, Consts.SigInfoSize).Clear();
        return Libc.WaitId(Consts.P_PID, (uint)pid, info, Consts.WEXITED | Consts.WNOHANG | Consts.WNOWAIT) == 0
            && *(int*)(info + Consts.SigInfoPidOffset) == pid;
    }
}
