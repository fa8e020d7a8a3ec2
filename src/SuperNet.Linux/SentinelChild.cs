using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The reaper's side of <see cref="ReaperSentinel"/>: starts it and knows its pid, so that its exit is
/// collected without being reported. It is not in the pid registry, so nothing can signal it through
/// the daemon, and no program, RPC or exit code ever sees it. Owned by the reaper thread: the kernel
/// ties PR_SET_PDEATHSIG to the thread that spawned the child, and the reaper's lives as long as the daemon.
/// <paramref name="onTrouble"/> hears of a failed start not yet said since the last sentinel that lived (a failure
/// repeated every second is said once), and null when a sentinel lives after something was said.
/// </summary>
internal sealed unsafe class SentinelChild(string binary, Action<SentinelTrouble?>? onTrouble)
{
    /// <summary>
    /// A sentinel is started again at most this often, so one that cannot start or keeps dying costs a
    /// spawn a second, not a spin. Until then the reaper, if it has no child at all, looks for orphans
    /// after this long, as it did before the sentinel existed.
    /// </summary>
    private static readonly TimeSpan RestartInterval = TimeSpan.FromSeconds(1);

    private const string DevNull = "/dev/null";

    private long? _lastStart;

    // Every failure said since the last sentinel known to have lived. Not just the last one said: under a pids limit
    // at its edge, EAGAIN (no process) and exit 255 (a process but no thread) alternate as other processes come and
    // go, and each would be news again after the other, three lines a round forever.
    private readonly HashSet<SentinelTrouble> _said = [];

    // The read end of the live sentinel's readiness pipe (its fd 3), -1 once read to the end or with no sentinel.
    private int _ready = -1;

    // The live sentinel said it waits: its end, whatever ends it, is no failure.
    private bool _lived;

    /// <summary>The live sentinel's pid, 0 while there is none.</summary>
    public int Pid { get; private set; }

    /// <summary>
    /// A sentinel is starting and something was said: the all-clear is owed once it waits, and nothing wakes the
    /// reaper when it does, so the reaper looks at its children without blocking and calls <see cref="AwaitReady"/>.
    /// </summary>
    public bool Starting => Pid != 0 && !_lived && _ready >= 0 && _said.Count > 0;

    /// <summary>Starts a sentinel unless one is alive or the last one started less than <see cref="RestartInterval"/> ago.</summary>
    public void EnsureRunning()
    {
        var now = Environment.TickCount64;
        if (Pid != 0)
        {
            // One slower than AwaitReady's wait says it at the reaper's next wake.
            LookAtReadiness();
            return;
        }
        if (now - _lastStart < (long)RestartInterval.TotalMilliseconds)
        {
            return;
        }
        _lastStart = now;
        var errno = Spawn(out var pid, out _ready);
        Pid = errno == 0 ? pid : 0;
        _lived = false;
        if (errno != 0)
        {
            Report(new SentinelTrouble(errno, null, errno is ErrnoNames.ENOENT or ErrnoNames.EACCES ? Culprit() : null));
        }
    }

    /// <summary>How long <see cref="EnsureRunning"/> will still decline to start one.</summary>
    public TimeSpan UntilNextStart => _lastStart is { } last
        ? TimeSpan.FromMilliseconds(Math.Max(0, (long)RestartInterval.TotalMilliseconds - (Environment.TickCount64 - last)))
        : TimeSpan.Zero;

    /// <summary>
    /// Waits until the starting sentinel says it waits or dies, or <paramref name="doorbell"/> rings (a child exited:
    /// the reaper collects it now, not when this wait ends), at most <see cref="RestartInterval"/>: its start takes
    /// milliseconds, and without a doorbell one stopped on its way is not worth holding up the reaping for longer.
    /// </summary>
    public void AwaitReady(ReaperDoorbell? doorbell)
    {
        if (_ready < 0)
        {
            return;
        }
        doorbell?.Arm();
        var polls = stackalloc PollFd[2];
        polls[0] = new PollFd { Fd = _ready, Events = Consts.POLLIN };
        polls[1] = new PollFd { Fd = doorbell?.Fd ?? -1, Events = Consts.POLLIN };
        Libc.Poll(polls, 2, (int)RestartInterval.TotalMilliseconds);
        LookAtReadiness();
    }

    /// <summary>Its zombie was collected: the next <see cref="EnsureRunning"/> starts another one.</summary>
    public void Exited(WaitStatus? status)
    {
        // Its end of the pipe closed as it died: what is in the pipe now is all it ever said.
        LookAtReadiness();
        var lived = _lived;
        CloseReadiness();
        Pid = 0;
        _lived = false;
        // Once it waits only a signal ends it (kill -9 -1 in the container), and it is replaced silently. Any end
        // before that, an exit status or a signal, means it never got there.
        if (!lived && status is { } end)
        {
            Report(new SentinelTrouble(0, end));
        }
    }

    private void LookAtReadiness()
    {
        if (_ready < 0 || _lived)
        {
            return;
        }
        byte said;
        var read = Libc.Read(_ready, &said, 1);
        if (read == 1)
        {
            _lived = true;
            // A failure after this is news again; one said before it is over.
            if (_said.Count > 0)
            {
                _said.Clear();
                onTrouble?.Invoke(null);
            }
        }
        if (read >= 0)
        {
            // The byte, or the end: it has nothing more to say.
            CloseReadiness();
        }
    }

    private void CloseReadiness()
    {
        if (_ready >= 0)
        {
            Libc.Close(_ready);
            _ready = -1;
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
    /// 0/1/2 (it holds none of the daemon's pipes or terminal open), the write end of its readiness pipe on
    /// <see cref="ReaperSentinel.ReadyFd"/> and nothing else open, and only the daemon's own runtime settings in its
    /// environment.
    /// </summary>
    private int Spawn(out int pid, out int ready)
    {
        pid = 0;
        ready = -1;
        var errno = OpenPipe(out var readEnd, out var writeEnd);
        if (errno != 0)
        {
            return errno;
        }
        using (var plan = new SpawnPlan(Consts.POSIX_SPAWN_SETPGROUP))
        {
            plan.Open(0, DevNull, Consts.O_RDWR);
            plan.Dup2(0, 1);
            plan.Dup2(0, 2);
            plan.CloseFromKeeping(writeEnd, ReaperSentinel.ReadyFd);
            using var argv = new NativeStringArray([Environment.ProcessPath ?? binary, ReaperSentinel.Flag]);
            using var environment = new NativeStringArray(HelperEnvironment.DaemonRuntimeSettings);
            errno = plan.Spawn(binary, argv, environment, out pid);
        }
        // Only the sentinel may hold the write end: the pipe's end is how its death before the byte shows.
        Libc.Close(writeEnd);
        if (errno != 0)
        {
            Libc.Close(readEnd);
            return errno;
        }
        ready = readEnd;
        return 0;
    }

    /// <summary>A close-on-exec pipe, non-blocking for the reader, both ends above the sentinel's fd 3 (so its dup2 onto 3 is never a no-op that keeps close-on-exec).</summary>
    private static int OpenPipe(out int readEnd, out int writeEnd)
    {
        readEnd = writeEnd = -1;
        var fds = stackalloc int[2];
        if (Libc.Pipe2(fds, Consts.O_CLOEXEC | Consts.O_NONBLOCK) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }
        for (var i = 0; i < 2; i++)
        {
            if (fds[i] <= ReaperSentinel.ReadyFd)
            {
                var moved = Libc.Fcntl(fds[i], Consts.F_DUPFD_CLOEXEC, ReaperSentinel.ReadyFd + 1);
                var errno = moved < 0 ? Marshal.GetLastPInvokeError() : 0;
                Libc.Close(fds[i]);
                fds[i] = moved;
                if (moved < 0)
                {
                    Libc.Close(fds[1 - i]);
                    return errno;
                }
            }
        }
        readEnd = fds[0];
        writeEnd = fds[1];
        return 0;
    }
}
