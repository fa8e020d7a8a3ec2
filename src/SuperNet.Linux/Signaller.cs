using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>kill(2) that only reaches our registered children (never a collected, reusable pid).</summary>
public sealed class Signaller : IProcessSignaller
{
    private readonly PidRegistry _registry;

    internal Signaller(PidRegistry registry) => _registry = registry;

    public int Signal(int pid, int signal, bool processGroup)
    {
        lock (_registry.Gate)
        {
            if (pid <= 0 || !_registry.ContainsLocked(pid))
            {
                return ErrnoNames.ESRCH;
            }
            // Each child leads its own group (pgid == pid), so -pid is that group.
            return Libc.Kill(processGroup ? -pid : pid, signal) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }
}
