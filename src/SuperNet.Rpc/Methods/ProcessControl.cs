using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Rpc.Backend;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// start/stop/signal of one process, a group or everything (contract §2.6, traps 4, 5, 7). Group and
/// "all" forms act on every selected process first, then wait for each, and list results in
/// completion order, the way supervisord's deferred callbacks do.
/// </summary>
internal sealed class ProcessControl(ISupervisorBackend backend)
{
    public async ValueTask<XmlRpcValue> StartProcess(string name, bool wait, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(backend.GetSnapshot(), name);
        if (process is null)
        {
            return await StartGroup(group, wait, ct);
        }
        var pending = await backend.StartProcessAsync(Names.Key(process), ct);
        await Settle(pending, wait, ct);
        return true;
    }

    public async ValueTask<XmlRpcValue> StartProcessGroup(string name, bool wait, CancellationToken ct) =>
        await StartGroup(FindGroup(name), wait, ct);

    public ValueTask<XmlRpcValue> StartAllProcesses(bool wait, CancellationToken ct) =>
        FanOut(Ordering.AllByPriority(backend.GetSnapshot()), p => !p.State.IsRunning(),
            p => backend.StartProcessAsync(Names.Key(p), ct), wait, ct);

    public async ValueTask<XmlRpcValue> StopProcess(string name, bool wait, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(backend.GetSnapshot(), name);
        if (process is null)
        {
            return await StopGroup(group, wait, ct);
        }
        var pending = await backend.StopProcessAsync(Names.Key(process), wait, ct);
        await Settle(pending, wait, ct);
        return true;
    }

    public async ValueTask<XmlRpcValue> StopProcessGroup(string name, bool wait, CancellationToken ct) =>
        await StopGroup(FindGroup(name), wait, ct);

    public ValueTask<XmlRpcValue> StopAllProcesses(bool wait, CancellationToken ct) =>
        FanOut(Ordering.AllByPriority(backend.GetSnapshot()), p => p.State.IsRunning(),
            p => backend.StopProcessAsync(Names.Key(p), wait, ct), wait, ct);

    /// <summary>The name is resolved before the signal is validated, and the signal before the state.</summary>
    public async ValueTask<XmlRpcValue> SignalProcess(string name, XmlRpcValue signal, CancellationToken ct)
    {
        var (group, process) = Names.Resolve(backend.GetSnapshot(), name);
        if (process is null)
        {
            return await SignalGroup(group, signal, ct);
        }
        await backend.SignalProcessAsync(Names.Key(process), ParseSignal(signal), ct);
        return true;
    }

    public async ValueTask<XmlRpcValue> SignalProcessGroup(string name, XmlRpcValue signal, CancellationToken ct) =>
        await SignalGroup(FindGroup(name), signal, ct);

    public async ValueTask<XmlRpcValue> SignalAllProcesses(XmlRpcValue signal, CancellationToken ct)
    {
        var result = await SignalMany(Ordering.AllByPriority(backend.GetSnapshot()), signal, ct);
        // supervisord checks its state only after signalling (contract §2.6).
        if (backend.IsShuttingDown)
        {
            throw new RpcFaultException(Faults.ShutdownState);
        }
        return result;
    }

    private GroupSnapshot FindGroup(string name) =>
        backend.GetSnapshot().FindGroup(name) ?? throw new RpcFaultException(Faults.BadName, name);

    private ValueTask<XmlRpcValue> StartGroup(GroupSnapshot group, bool wait, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(group), p => !p.State.IsRunning(),
            p => backend.StartProcessAsync(Names.Key(p), ct), wait, ct);

    private ValueTask<XmlRpcValue> StopGroup(GroupSnapshot group, bool wait, CancellationToken ct) =>
        FanOut(Ordering.ByPriority(group), p => p.State.IsRunning(),
            p => backend.StopProcessAsync(Names.Key(p), wait, ct), wait, ct);

    private ValueTask<XmlRpcValue> SignalGroup(GroupSnapshot group, XmlRpcValue signal, CancellationToken ct) =>
        SignalMany(Ordering.ByPriority(group), signal, ct);

    private ValueTask<XmlRpcValue> SignalMany(IEnumerable<ProcessSnapshot> processes, XmlRpcValue signal, CancellationToken ct) =>
        FanOut(processes, p => p.State.IsSignallable(), async p =>
        {
            await backend.SignalProcessAsync(Names.Key(p), ParseSignal(signal), ct);
            return PendingChange.Done;
        }, wait: false, ct);

    private static async ValueTask<XmlRpcValue> FanOut(
        IEnumerable<ProcessSnapshot> processes,
        Func<ProcessSnapshot, bool> selected,
        Func<ProcessSnapshot, Task<PendingChange>> begin,
        bool wait,
        CancellationToken ct)
    {
        var results = new List<XmlRpcValue>();
        var waiting = new List<(ProcessSnapshot Process, Task Completion)>();
        foreach (var p in processes.Where(selected).ToList())
        {
            try
            {
                var pending = await begin(p);
                // Already done (e.g. startsecs=0 reached RUNNING at once): supervisord lists it in the first pass.
                if (wait && !pending.Completion.IsCompletedSuccessfully)
                {
                    waiting.Add((p, pending.Completion));
                }
                else
                {
                    Observe(pending.Completion);
                    results.Add(Structs.Ok(p));
                }
            }
            catch (RpcFaultException f)
            {
                results.Add(Structs.Status(p, f.Code, f.Message));
            }
        }
        // Each outcome is recorded the moment its change completes, so results are in true completion order.
        var recorded = waiting.Select(w => w.Completion.ContinueWith(
            done =>
            {
                lock (results)
                {
                    results.Add(Outcome(w.Process, done));
                }
            },
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default));
        await Task.WhenAll(recorded).WaitAsync(ct);
        return new XmlRpcArray(results);
    }

    private static XmlRpcStruct Outcome(ProcessSnapshot p, Task done) => done.Exception?.InnerException switch
    {
        null => Structs.Ok(p),
        RpcFaultException f => Structs.Status(p, f.Code, f.Message),
        var e => Structs.Status(p, Faults.Failed, $"{Faults.Name(Faults.Failed)}: {e.Message}"),
    };

    private static async Task Settle(PendingChange pending, bool wait, CancellationToken ct)
    {
        if (wait)
        {
            await pending.Completion.WaitAsync(ct);
        }
        else
        {
            Observe(pending.Completion);
        }
    }

    // A change nobody waits for may still fault (e.g. ABNORMAL_TERMINATION after a no-wait start).
    private static void Observe(Task completion) =>
        completion.ContinueWith(static t => _ = t.Exception, CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    /// <summary>supervisord's signal_number: an int, a numeric string, or a name with or without SIG.</summary>
    internal static int ParseSignal(XmlRpcValue value)
    {
        int? number = value switch
        {
            XmlRpcInt i => i.Value is >= int.MinValue and <= int.MaxValue ? (int)i.Value : null,
            XmlRpcBoolean b => b.Value ? 1 : 0,
            _ when Args.IsString(value) => int.TryParse(Args.Str(value).Trim(), out var n) ? n : Signals.FromName(Args.Str(value)),
            _ => null,
        };
        if (number is not { } sig || !Signals.IsValidNumber(sig))
        {
            throw new RpcFaultException(Faults.BadSignal, Args.PyStr(value));
        }
        return sig;
    }
}
