using SuperNet.Core.Events;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>What a Subprocess needs from the supervisor that owns it. Every member is used on the owner thread.</summary>
internal interface IProcessOwner
{
    /// <summary>Monotonic time since the supervisor was made; all deadlines use it.</summary>
    TimeSpan Now { get; }
    /// <summary>Wall-clock time for start/stop stamps.</summary>
    DateTimeOffset WallNow { get; }
    /// <summary>False while shutting down or restarting: no autostart, autorestart or backoff retry.</summary>
    bool StartsAllowed { get; }
    IMainLog Log { get; }
    IProcessSpawner Spawner { get; }
    IProcessSignaller Signaller { get; }
    IOutputPump Pump { get; }
    CommandResolver Resolver { get; }
    ChildEnvironment Environment { get; }
    EventHub Events { get; }

    /// <summary>From any thread: runs the action on the owner thread, after what was posted before it.</summary>
    void Post(Action action);

    void PidStarted(int pid, Subprocess process);
    void PidEnded(int pid);
    void StateChanged(Subprocess process, ProcessState from, int pid, bool expected);
}
