namespace SuperNet.Core.Os;

/// <summary>kill(2) for children that are still registered (never a reaped, possibly reused, pid).</summary>
public interface IProcessSignaller
{
    /// <summary>Sends <paramref name="signal"/> to pid, or to its process group; returns 0 or the errno.</summary>
    int Signal(int pid, int signal, bool processGroup);
}
