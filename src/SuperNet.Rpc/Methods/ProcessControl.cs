using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// start/stop/signal for one process, a group ("g:*" or the *Group methods) or all (contract §2.6, traps 2-4).
/// The name is resolved once, against the published view; the engine is then addressed by process identity.
/// Group and all calls hand every process of the group (or all) to the engine, which chooses (running or not,
/// signallable) and acts on them in one pass of its loop, as supervisord's predicate and action run in one request
/// (no event is sent between two of them); they then wait for each, and list results in completion order, the way
/// supervisord's deferred callbacks do.
/// </summary>
internal sealed class ProcessControl(RpcContext context)
{
    private Supervisor Engine => context.Supervisor;

    public async ValueTask<XmlRpcValue> StartProcess(string name, bool wait, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(Engine.View, name);
        if (process is null)
        {
            return await FanOut(Ordering.ByPriority(group), Start, wait, ct);
        }
        await Settle(await Engine.StartAsync(process.Id).WaitAsync(ct), wait, ct);
        return true;
    }

    public ValueTask<XmlRpcValue> StartProcessGroup(string name, bool wait, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(FindGroup(name)), Start, wait, ct);

    public ValueTask<XmlRpcValue> StartAllProcesses(bool wait, CancellationToken ct) =>
        FanOut(Ordering.AllByPriority(Engine.View), Start, wait, ct);

    public async ValueTask<XmlRpcValue> StopProcess(string name, bool wait, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(Engine.View, name);
        if (process is null)
        {
            return await FanOut(Ordering.ByPriority(group), Stopper(wait, ct), wait, ct);
        }
        await Settle(await Engine.StopAsync(process.Id, wait, callerGone: ct).WaitAsync(ct), wait, ct);
        return true;
    }

    public ValueTask<XmlRpcValue> StopProcessGroup(string name, bool wait, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(FindGroup(name)), Stopper(wait, ct), wait, ct);

    public ValueTask<XmlRpcValue> StopAllProcesses(bool wait, CancellationToken ct) =>
        FanOut(Ordering.AllByPriority(Engine.View), Stopper(wait, ct), wait, ct);

    /// <summary>The name is resolved before the signal is validated, and the signal before the state.</summary>
    public async ValueTask<XmlRpcValue> SignalProcess(string name, XmlRpcValue signal, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(Engine.View, name);
        if (process is null)
        {
            return await FanOut(Ordering.ByPriority(group), Signaller(signal), wait: false, ct);
        }
        var outcome = ParseSignal(signal) is { } number
            ? await Engine.SignalAsync(process.Id, number).WaitAsync(ct)
            : BadSignal(signal);
        return outcome.Succeeded ? true : throw new RpcFaultException(outcome);
    }

    public ValueTask<XmlRpcValue> SignalProcessGroup(string name, XmlRpcValue signal, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(FindGroup(name)), Signaller(signal), wait: false, ct);

    public async ValueTask<XmlRpcValue> SignalAllProcesses(XmlRpcValue signal, CancellationToken ct)
    {
        var result = await FanOut(Ordering.AllByPriority(Engine.View), Signaller(signal), wait: false, ct);
        // supervisord checks its state only after signalling (contract §2.6).
        if (context.ShuttingDown)
        {
            throw new RpcFaultException(Fault.ShutdownState);
        }
        return result;
    }

    private GroupView FindGroup(string name) =>
        Engine.View.FindGroup(name) ?? throw new RpcFaultException(Fault.BadName, name);

    private Task<IReadOnlyList<Begun?>> Start(IReadOnlyList<ProcessId> ids, Func<int, Action<Outcome>?> whenDone) =>
        Engine.StartEachAsync(ids, whenDone);

    /// <summary>The waiting lines are logged while the caller is there to wait (<paramref name="ct"/>, its connection).</summary>
    private Func<IReadOnlyList<ProcessId>, Func<int, Action<Outcome>?>, Task<IReadOnlyList<Begun?>>> Stopper(bool wait, CancellationToken ct) =>
        (ids, whenDone) => Engine.StopEachAsync(ids, wait, whenDone, ct);

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
    /// The one fan-out: the engine acts on the processes it chooses, in order (the first pass: refusals, and changes
    /// already done, e.g. startsecs=0 reached RUNNING at once; a null is a process it left out), then the waits are
    /// listed in the order the engine ended them.
    /// </summary>
    private static async ValueTask<XmlRpcValue> FanOut(
        IEnumerable<ProcessView> processes,
        Func<IReadOnlyList<ProcessId>, Func<int, Action<Outcome>?>, Task<IReadOnlyList<Begun?>>> beginEach,
        bool wait,
        CancellationToken ct)
    {
        var candidates = processes.ToList();
        // Filled on the supervisor thread as each wait ends, so in true completion order.
        var ended = new List<(ProcessView Process, Outcome Outcome)>();
        Action<Outcome>? Recorder(int i) => wait ? o => { lock (ended) { ended.Add((candidates[i], o)); } } : null;
        var begun = await beginEach([.. candidates.Select(p => p.Id)], Recorder).WaitAsync(ct).ConfigureAwait(false);
        var firstPass = new List<XmlRpcValue>();
        var waiting = new List<Task<Outcome>>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (begun[i] is not { } b)
            {
                continue;
            }
            var p = candidates[i];
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
