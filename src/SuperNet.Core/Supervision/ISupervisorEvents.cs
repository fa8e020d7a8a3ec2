using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>A process state change as the PROCESS_STATE_* events need it (contract §8.1, trap 27).</summary>
/// <param name="Pid">The pid at the change (still set for STOPPED/EXITED; 0 when there was no child).</param>
/// <param name="Tries">The backoff counter after the change (the "tries" of STARTING/BACKOFF).</param>
/// <param name="Expected">For EXITED: whether the exit code was in exitcodes.</param>
public sealed record ProcessStateChange(
    string ProcessName, string GroupName, ProcessState From, ProcessState To, int Pid, int Tries, bool Expected);

/// <summary>
/// Receives what the event system publishes. Called on the supervisor thread: implementations must not
/// block and must not call back into the supervisor synchronously.
/// </summary>
public interface ISupervisorEvents
{
    void ProcessStateChanged(ProcessStateChange change);
    void GroupAdded(string group);
    void GroupRemoved(string group);
    /// <summary>SUPERVISOR_STATE_CHANGE_RUNNING, before the first autostart.</summary>
    void SupervisorRunning();
    /// <summary>SUPERVISOR_STATE_CHANGE_STOPPING, at the first shutdown/restart pass.</summary>
    void SupervisorStopping();
}
