namespace SuperNet.Core.Os;

/// <summary>
/// The single waitpid(-1) reaper. It reports every reaped pid, ours or an orphan's, on its own
/// thread; the receiver posts it to the state-machine thread.
/// </summary>
public interface IChildExitSource
{
    void Start(Action<int, WaitStatus> onExit);
}
