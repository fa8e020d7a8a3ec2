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
    /// <summary>Whether SIGCHLD is caught by a handler in this process (SigCgt bit 17).</summary>
    public static bool HandlerInstalled()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("SigCgt:", StringComparison.Ordinal))
            {
                var mask = Convert.ToUInt64(line["SigCgt:".Length..].Trim(), 16);
                return (mask & (1UL << (Signals.CHLD - 1))) != 0;
            }
        }
        return false;
    }

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
