using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

/// <summary>signalProcess and its group/all fan-out (contract §2.6).</summary>
public sealed partial class Supervisor
{
    /// <summary>signalProcess with a validated signal number: NOT_RUNNING unless STARTING/RUNNING/STOPPING.</summary>
    public Task<Outcome> SignalAsync(ProcessId id, int signal) => OnProcess(id, process =>
        process.State.IsSignallable() ? SignalOne(process, signal) : Outcome.Of(Fault.NotRunning, NamespecOf(process)));

    /// <summary>
    /// signalProcessGroup/signalAllProcesses: for each process in the order given, null if it is not signallable when
    /// the pass reaches it (supervisord's predicate, which leaves it out of the results), else what
    /// <see cref="SignalAsync"/> answers. All in one loop pass, as <see cref="StopEachAsync"/>: supervisord signals the
    /// whole set in one request, so a child that dies of its signal is reaped, and its events go out, only after the
    /// last process (an event listener among them too) has been signalled.
    /// </summary>
    /// <param name="signal">The validated number, or null when the caller's signal is not one.</param>
    /// <param name="invalid">
    /// With no <paramref name="signal"/>, the answer for each signallable process (BAD_SIGNAL): supervisord checks the
    /// signal per process, once its predicate has chosen it; nothing is sent.
    /// </param>
    public Task<IReadOnlyList<Outcome?>> SignalEachAsync(IReadOnlyList<ProcessId> ids, int? signal, Outcome invalid) =>
        InOnePass<Outcome?>(ids.Count, i =>
        {
            // A process gone since the caller's lookup is in no signallable state either.
            if (!TryGetTarget(ids[i], out var process) || !process.State.IsSignallable())
            {
                return null;
            }
            return signal is { } number ? SignalOne(process, number) : invalid;
        }, Outcome.Of(Fault.ShutdownState));

    private static Outcome SignalOne(Subprocess process, int signal) =>
        process.Signal(signal) is { } error ? Outcome.Of(Fault.Failed, error) : Outcome.Ok;
}
