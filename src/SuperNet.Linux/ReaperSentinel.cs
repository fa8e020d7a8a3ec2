using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// The child side of the reaper's sentinel (ADR 0009): the daemon's own binary, re-executed with
/// <see cref="Flag"/> by a daemon that is PID 1, only so that the daemon always has a child and its
/// waitid can block instead of polling for orphans that come from outside its tree. It does nothing
/// but wait, and dies with the daemon.
/// </summary>
public static unsafe class ReaperSentinel
{
    public const string Flag = "--reaper-sentinel";

    /// <summary>
    /// The write end of the reaper's readiness pipe: one byte here says this sentinel lives to wait, so its end is
    /// no failure, and after a warning it is the all-clear (<see cref="SentinelChild"/>).
    /// </summary>
    internal const int ReadyFd = 3;

    /// <summary>Call first in Main: with <see cref="Flag"/> as the only argument this never returns.</summary>
    public static void RunIfAsked(string[] args)
    {
        if (args is not [Flag])
        {
            return;
        }
        // The kernel kills a namespace's every process when its PID 1 exits; this covers the thread
        // that spawned us ending first (the reaper's never does) and anything else that orphans us.
        Libc.Prctl(Consts.PR_SET_PDEATHSIG, Signals.KILL, 0, 0, 0);
        // Its name is otherwise the exec path's last part, "exe" (/proc/self/exe): say what it is in `ps -e`/`top`,
        // and stay out of `pgrep -x supernetd`.
        fixed (byte* name = "reaper-sentinel\0"u8)
        {
            Libc.Prctl(Consts.PR_SET_NAME, (ulong)name, 0, 0, 0);
        }
        // Its runtime started (under a pids limit it may get a process but no thread, and exit 255 before Main): from
        // here on it only waits.
        byte ready = 1;
        Libc.Write(ReadyFd, &ready, 1);
        Libc.Close(ReadyFd);
        while (true)
        {
            Libc.Pause();
        }
    }
}
