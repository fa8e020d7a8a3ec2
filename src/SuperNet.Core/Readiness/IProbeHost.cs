using SuperNet.Core.Logging;
using SuperNet.Core.Os;

namespace SuperNet.Core.Readiness;

/// <summary>What probes need from the supervisor. Every member is used on the owner thread except <see cref="Post"/>.</summary>
internal interface IProbeHost
{
    TimeSpan Now { get; }
    IMainLog Log { get; }
    IProcessSpawner Spawner { get; }
    IProcessSignaller Signaller { get; }
    IOutputPump Pump { get; }

    /// <summary>From any thread: runs the action on the owner thread.</summary>
    void Post(Action action);

    /// <summary>An exec probe's child: its exit, when reaped, goes to <paramref name="exited"/> instead of a program.</summary>
    void ProbeStarted(int pid, Action<WaitStatus> exited);
}

/// <summary>One probe attempt's answer; <paramref name="Output"/> is what it said (for the log), trimmed.</summary>
internal readonly record struct ProbeResult(bool Ok, string Output);

/// <summary>An attempt in flight. Cancelling it means its answer is never delivered.</summary>
internal interface IProbeAttempt
{
    void Cancel();
}
