using SuperNet.Core.Events;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>
/// Everything a Supervisor uses outside itself. The OS pieces (spawner, signaller, pump, probe) live for the
/// whole daemon and are handed to each new Supervisor after a restart.
/// </summary>
public sealed record SupervisorServices
{
    public required TimeProvider Time { get; init; }
    public required IMainLog Log { get; init; }
    public required IProcessSpawner Spawner { get; init; }
    public required IProcessSignaller Signaller { get; init; }
    public required IOutputPump Pump { get; init; }
    public required IExecutableProbe Probe { get; init; }
    /// <summary>Opens environment_file= at each spawn without waiting on a FIFO or device.</summary>
    public required IRegularFileOpener Files { get; init; }
    public required ICommandSplitter Splitter { get; init; }
    /// <summary>supervisord's own environment, the base of every child's (captured once at daemon start).</summary>
    public required IReadOnlyDictionary<string, string> DaemonEnvironment { get; init; }
    /// <summary>The generation's live [supervisord] options (a reread replaces them); null: the config's, fixed.</summary>
    public Config.LiveSupervisordOptions? Supervisord { get; init; }
    /// <summary>Child logs; null discards all child output.</summary>
    public IChildLogFactory? ChildLogs { get; init; }
    /// <summary>The global event serial; the daemon hands the same one to every generation.</summary>
    public EventSerial EventSerial { get; init; } = new();
    /// <summary>Makes [fcgi-program:x] sockets; required only when the configuration has such a group.</summary>
    public IFastCgiSocketFactory? FastCgiSockets { get; init; }
    /// <summary>An observer of what the engine notifies (tests); null for none.</summary>
    public ISupervisorEvents? Events { get; init; }
}

/// <summary>supervisord's mood (getState codes, §2.3).</summary>
public enum SupervisorMood
{
    Shutdown = -1,
    Restarting = 0,
    Running = 1,
}

/// <summary>How <see cref="Supervisor.Run"/> ended: exit 0, or re-read the config and build a new Supervisor.</summary>
public enum SupervisorExit
{
    Shutdown,
    Restart,
}

/// <summary>A request reached a supervisor whose loop has ended: it was not run.</summary>
public sealed class SupervisorEndedException() : InvalidOperationException("the supervisor loop has ended");
