using SuperNet.Core.Events;
using SuperNet.Core.Readiness;

namespace SuperNet.Core.Processes;

/// <summary>What a Subprocess needs from the supervisor that owns it. Every member is used on the owner thread.</summary>
/// <remarks>Now (monotonic, every deadline uses it), Log, Spawner, Signaller, Pump and Post come from <see cref="IProbeHost"/>.</remarks>
internal interface IProcessOwner : IProbeHost
{
    /// <summary>Wall-clock time for start/stop stamps.</summary>
    DateTimeOffset WallNow { get; }
    /// <summary>False while shutting down or restarting: no autostart, autorestart or backoff retry.</summary>
    bool StartsAllowed { get; }
    CommandResolver Resolver { get; }
    ChildEnvironment Environment { get; }
    EventHub Events { get; }

    /// <summary>depends_on=: true when everything the process depends on is ready (logs why not, once per wait).</summary>
    bool DependenciesReady(Subprocess process);

    /// <summary>The same answer without logging, for code that only looks (a deadline getter).</summary>
    bool DependenciesMet(Subprocess process);

    void PidStarted(int pid, Subprocess process);
    void PidEnded(int pid);
    void StateChanged(Subprocess process, ProcessState from, int pid, bool expected);

    /// <summary>Something clients see changed without a state change (readiness or health news).</summary>
    void Changed(Subprocess process);
}
