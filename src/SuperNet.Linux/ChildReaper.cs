using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The one reaper: a dedicated thread blocked in waitid(P_ALL, WEXITED|WNOWAIT). It only peeks, so
/// the zombie keeps its pid; it then collects that pid with waitpid under the registry lock, which
/// makes "unregister" and "pid may be reused" a single step for the signaller. Reports every pid,
/// ours or a re-parented orphan's. With no children it sleeps until the next spawn; as PID 1 it also
/// looks again every <see cref="OrphanPoll"/>, since orphans can then come from outside its own tree.
/// </summary>
public sealed unsafe class ChildReaper
{
    /// <summary>
    /// As a PID namespace's init, a process we never spawned can hand us orphans while we have no child
    /// (`podman exec` starts its command from outside the namespace; what that command leaves behind is
    /// re-parented to PID 1). waitid cannot block without a child and SIGCHLD is not ours to take
    /// (ADR 0002), so in that state alone the reaper looks again after this long; such a zombie lasts
    /// at most that, and a daemon with a child still never wakes for nothing.
    /// </summary>
    private static readonly TimeSpan OrphanPoll = TimeSpan.FromSeconds(1);

    private readonly PidRegistry _registry;
    private bool _namespaceInit;
    private Action<int, WaitStatus>? _onExit;
    private Thread? _thread;

    internal ChildReaper(PidRegistry registry) => _registry = registry;

    /// <summary>
    /// Called with the errno of an unexpected waitid failure (supervisord logs CRIT
    /// "waitpid error N; a process may not be cleaned up properly"); the reaper then waits for the
    /// next spawn instead of spinning.
    /// </summary>
    public Action<int>? OnWaitError { get; set; }

    /// <summary>True when this process was made a child subreaper (it is not PID 1).</summary>
    public bool IsSubreaper { get; private set; }

    public void Start(Action<int, WaitStatus> onExit)
    {
        if (_thread is not null)
        {
            throw new InvalidOperationException("The reaper is already started.");
        }
        _onExit = onExit;
        _namespaceInit = Libc.GetPid() == 1;
        if (!_namespaceInit)
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
            new Span<byte>(info, Consts.SigInfoSize).Clear();
            if (Libc.WaitId(Consts.P_ALL, 0, info, Consts.WEXITED | Consts.WNOWAIT) != 0)
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
                _registry.WaitForSpawnAfter(seen, _namespaceInit && errno == ErrnoNames.ECHILD ? OrphanPoll : null);
                continue;
            }
            var pid = *(int*)(info + Consts.SigInfoPidOffset);
            if (pid > 0 && Collect(pid) is { } status)
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
}
