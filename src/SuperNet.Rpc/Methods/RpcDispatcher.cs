using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// Routes an XML-RPC call to its method: name rules (exactly "ns.method", no leading underscore),
/// arity (INCORRECT_PARAMETERS), the SHUTDOWN_STATE check, then the handler. Faults surface as
/// RpcFaultException; RpcArgumentTypeException means HTTP 500, as supervisord answers.
/// </summary>
public sealed class RpcDispatcher
{
    private readonly RpcContext _context;
    private readonly Dictionary<string, RpcMethod> _methods;

    /// <param name="namespaces">the [rpcinterface:x] names serving supervisor's methods; null: "supervisor" only</param>
    public RpcDispatcher(RpcContext context, IReadOnlyList<string>? namespaces = null)
    {
        _context = context;
        _methods = MethodTable.Build(context, this, namespaces ?? ["supervisor"]);
    }

    public IEnumerable<string> MethodNames => _methods.Keys;

    public async ValueTask<XmlRpcValue> CallAsync(string methodName, IReadOnlyList<XmlRpcValue> args, CancellationToken cancellationToken)
    {
        var method = Find(methodName) ?? throw new RpcFaultException(Fault.UnknownMethod);
        if (args.Count < method.RequiredArgs || args.Count > method.MaxArgs)
        {
            throw new RpcFaultException(Fault.IncorrectParameters);
        }
        if (method.ChecksState && _context.ShuttingDown)
        {
            throw new RpcFaultException(Fault.ShutdownState);
        }
        return await method.Handler(args, cancellationToken);
    }

    private RpcMethod? Find(string methodName)
    {
        var parts = methodName.Split('.');
        if (parts.Length != 2 || parts[1].StartsWith('_'))
        {
            return null;
        }
        return _methods.GetValueOrDefault(methodName);
    }

    /// <summary>Calls run one after another, each deferred one finishing before the next starts (trap 1).</summary>
    internal async ValueTask<XmlRpcValue> MulticallAsync(XmlRpcValue calls, CancellationToken cancellationToken)
    {
        var results = new List<XmlRpcValue>();
        foreach (var call in calls is XmlRpcArray a ? a.Items : throw new RpcArgumentTypeException("multicall needs an array of calls"))
        {
            try
            {
                results.Add(await OneCall(call, cancellationToken));
            }
            catch (RpcFaultException f)
            {
                results.Add(XmlRpcWriter.FaultStruct(new XmlRpcFault(f.Code, f.Message)));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                results.Add(XmlRpcWriter.FaultStruct(new XmlRpcFault((int)Fault.Failed, $"FAILED: {e.GetType().Name}:{e.Message}")));
            }
        }
        return new XmlRpcArray(results);
    }

    private ValueTask<XmlRpcValue> OneCall(XmlRpcValue call, CancellationToken cancellationToken)
    {
        var spec = call as XmlRpcStruct ?? throw new RpcArgumentTypeException("each call must be a struct");
        var name = spec["methodName"] ?? throw new RpcFaultException(Fault.IncorrectParameters, "No methodName");
        var methodName = name as XmlRpcString ?? throw new RpcArgumentTypeException("methodName must be a string");
        if (methodName.Value == "system.multicall")
        {
            throw new RpcFaultException(Fault.IncorrectParameters, "Recursive system.multicall forbidden");
        }
        var args = spec["params"] switch
        {
            null => [],
            XmlRpcArray p => p.Items,
            _ => throw new RpcArgumentTypeException("params must be an array"),
        };
        return CallAsync(methodName.Value, args, cancellationToken);
    }
}
