using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// Detects the runtime's SIGCHLD handler (installed by Process.Start, a SIGCHLD registration or
/// Console with a terminal) and removes it: at PID 1 it reaps every child and discards the statuses.
/// Resetting to SIG_DFL sticks because the runtime believes its handler is still in place.
/// </summary>
public static unsafe class SigchldGuard
{
    /// <summary>Whether SIGCHLD is caught by a handler in this process (neither SIG_DFL nor SIG_IGN).</summary>
    /// <remarks>Asked of sigaction(2), not read from /proc/self/status's SigCgt, which a bare chroot does not have.</remarks>
    public static bool HandlerInstalled()
    {
        var current = stackalloc byte[Consts.SigActionSize];
        if (Libc.SigAction(Signals.CHLD, null, current) != 0)
        {
            return false;
        }
        // glibc's struct sigaction starts with the handler (sa_handler/sa_sigaction share it).
        var handler = *(nint*)current;
        return handler != SigDefault && handler != SigIgnore;
    }

    private const nint SigDefault = 0, SigIgnore = 1;

    /// <summary>Resets SIGCHLD to SIG_DFL if a handler is installed; returns whether it had to.</summary>
    public static bool Enforce()
    {
        if (!HandlerInstalled())
        {
            return false;
        }
        var action = stackalloc byte[Consts.SigActionSize];
        new Span<byte>(action, Consts.SigActionSize).Clear();
        Libc.SigAction(Signals.CHLD, action, null);
        return true;
    }
}
