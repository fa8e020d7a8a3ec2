using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// start/stop/signal for one process, a group ("g:*" or the *Group methods) or all (contract §2.6, traps 2-4).
/// The name is resolved once, against the published view; the engine is then addressed by process identity.
/// Group and all calls act on every selected process first, in one pass of the engine's loop (no event is sent
/// between two of them), then wait for each, and list results in completion order, the way supervisord's deferred
/// callbacks do.
/// </summary>
internal sealed class ProcessControl(RpcContext context)
{
    private static readonly Func<ProcessView, bool> NotRunning = p => !p.State.IsRunning();
    private static readonly Func<ProcessView, bool> Running = p => p.State.IsRunning();
    // Signallable is decided in the engine's pass, as supervisord's predicate is, not on the published view.
    private static readonly Func<ProcessView, bool> Any = _ => true;

    private Supervisor Engine => context.Supervisor;

    public async ValueTask<XmlRpcValue> StartProcess(string name, bool wait, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(Engine.View, name);
        if (process is null)
        {
            return await FanOut(Ordering.ByPriority(group), NotRunning, Start, wait, ct);
        }
        await Settle(await Engine.StartAsync(process.Id).WaitAsync(ct), wait, ct);
        return true;
    }

    public ValueTask<XmlRpcValue> StartProcessGroup(string name, bool wait, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(FindGroup(name)), NotRunning, Start, wait, ct);

    public ValueTask<XmlRpcValue> StartAllProcesses(bool wait, CancellationToken ct) =>
        FanOut(Ordering.AllByPriority(Engine.View), NotRunning, Start, wait, ct);

    public async ValueTask<XmlRpcValue> StopProcess(string name, bool wait, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(Engine.View, name);
        if (process is null)
        {
            return await FanOut(Ordering.ByPriority(group), Running, Stopper(wait, ct), wait, ct);
        }
        await Settle(await Engine.StopAsync(process.Id, wait, callerGone: ct).WaitAsync(ct), wait, ct);
        return true;
    }

    public ValueTask<XmlRpcValue> StopProcessGroup(string name, bool wait, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(FindGroup(name)), Running, Stopper(wait, ct), wait, ct);

    public ValueTask<XmlRpcValue> StopAllProcesses(bool wait, CancellationToken ct) =>
        FanOut(Ordering.AllByPriority(Engine.View), Running, Stopper(wait, ct), wait, ct);

    /// <summary>The name is resolved before the signal is validated, and the signal before the state.</summary>
    public async ValueTask<XmlRpcValue> SignalProcess(string name, XmlRpcValue signal, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(Engine.View, name);
        if (process is null)
        {
            return await FanOut(Ordering.ByPriority(group), Any, Signaller(signal), wait: false, ct);
        }
        var outcome = ParseSignal(signal) is { } number
            ? await Engine.SignalAsync(process.Id, number).WaitAsync(ct)
            : BadSignal(signal);
        return outcome.Succeeded ? true : throw new RpcFaultException(outcome);
    }

    public ValueTask<XmlRpcValue> SignalProcessGroup(string name, XmlRpcValue signal, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(FindGroup(name)), Any, Signaller(signal), wait: false, ct);

    public async ValueTask<XmlRpcValue> SignalAllProcesses(XmlRpcValue signal, CancellationToken ct)
    {
        var result = await FanOut(Ordering.AllByPriority(Engine.View), Any, Signaller(signal), wait: false, ct);
        // supervisord checks its state only after signalling (contract §2.6).
        if (context.ShuttingDown)
        {
            throw new RpcFaultException(Fault.ShutdownState);
        }
        return result;
    }

    private GroupView FindGroup(string name) =>
        Engine.View.FindGroup(name) ?? throw new RpcFaultException(Fault.BadName, name);

    private async Task<IReadOnlyList<Begun?>> Start(IReadOnlyList<ProcessId> ids, Func<int, Action<Outcome>?> whenDone) =>
        await Engine.StartEachAsync(ids, whenDone).ConfigureAwait(false);

    /// <summary>The waiting lines are logged while the caller is there to wait (<paramref name="ct"/>, its connection).</summary>
    private Func<IReadOnlyList<ProcessId>, Func<int, Action<Outcome>?>, Task<IReadOnlyList<Begun?>>> Stopper(bool wait, CancellationToken ct) =>
        async (ids, whenDone) => await Engine.StopEachAsync(ids, wait, whenDone, ct).ConfigureAwait(false);

    /// <summary>Every process is signalled in one engine pass; one not signallable there is left out (null).</summary>
    private Func<IReadOnlyList<ProcessId>, Func<int, Action<Outcome>?>, Task<IReadOnlyList<Begun?>>> Signaller(XmlRpcValue signal)
    {
        var number = ParseSignal(signal);
        return async (ids, _) =>
        {
            var outcomes = await Engine.SignalEachAsync(ids, number, BadSignal(signal)).ConfigureAwait(false);
            return [.. outcomes.Select(o => o is { } outcome ? new Begun(outcome, null) : null)];
        };
    }

    /// <summary>
    /// The one fan-out: act on every selected process in order (the first pass: refusals, and changes already done,
    /// e.g. startsecs=0 reached RUNNING at once), then list the waits in the order the engine ended them. A null
    /// from the engine is a process it left out.
    /// </summary>
    private static async ValueTask<XmlRpcValue> FanOut(
        IEnumerable<ProcessView> processes,
        Func<ProcessView, bool> selected,
        Func<IReadOnlyList<ProcessId>, Func<int, Action<Outcome>?>, Task<IReadOnlyList<Begun?>>> beginEach,
        bool wait,
        CancellationToken ct)
    {
        var chosen = processes.Where(selected).ToList();
        // Filled on the supervisor thread as each wait ends, so in true completion order.
        var ended = new List<(ProcessView Process, Outcome Outcome)>();
        Action<Outcome>? Recorder(int i) => wait ? o => { lock (ended) { ended.Add((chosen[i], o)); } } : null;
        var begun = await beginEach([.. chosen.Select(p => p.Id)], Recorder).WaitAsync(ct).ConfigureAwait(false);
        var firstPass = new List<XmlRpcValue>();
        var waiting = new List<Task<Outcome>>();
        for (var i = 0; i < chosen.Count; i++)
        {
            if (begun[i] is not { } b)
            {
                continue;
            }
            var p = chosen[i];
            if (b.Outcome.Succeeded && wait && b.Completion is { } completion)
            {
                // Only a completion done inside the act belongs to the first pass: one a child's exit ended meanwhile
                // (a stop's, however quick) is listed where the engine ended it, as supervisord's later polls list it.
                if (!(b.DoneAtOnce && completion.Result.Succeeded))
                {
                    waiting.Add(completion);
                    continue;
                }
                lock (ended)
                {
                    ended.RemoveAll(e => ReferenceEquals(e.Process, p));
                }
            }
            firstPass.Add(Structs.Status(p, b.Outcome));
        }
        await Task.WhenAll(waiting).WaitAsync(ct).ConfigureAwait(false);
        lock (ended)
        {
            return new XmlRpcArray([.. firstPass, .. ended.Select(e => (XmlRpcValue)Structs.Status(e.Process, e.Outcome))]);
        }
    }

    private static async Task Settle(Begun begun, bool wait, CancellationToken ct)
    {
        if (!begun.Outcome.Succeeded)
        {
            throw new RpcFaultException(begun.Outcome);
        }
        if (wait && begun.Completion is { } completion && await completion.WaitAsync(ct).ConfigureAwait(false) is { Succeeded: false } failed)
        {
            throw new RpcFaultException(failed);
        }
    }

    private static Outcome BadSignal(XmlRpcValue signal) => Outcome.Of(Fault.BadSignal, Args.PyStr(signal));

    /// <summary>supervisord's signal_number: an int (a double truncated, as int() does), a numeric string, or a name with or without SIG; null if invalid.</summary>
    internal static int? ParseSignal(XmlRpcValue value)
    {
        int? number = value switch
        {
            XmlRpcInt i => i.Value is >= int.MinValue and <= int.MaxValue ? (int)i.Value : null,
            XmlRpcBoolean b => b.Value ? 1 : 0,
            XmlRpcDouble d when d.Value is > int.MinValue - 1.0 and < int.MaxValue + 1.0 => (int)Math.Truncate(d.Value),
            _ when Args.IsString(value) => SignalNames.TryParse(Args.Str(value)),
            _ => null,
        };
        return number is { } sig && Signals.IsValidNumber(sig) ? sig : null;
    }
}
