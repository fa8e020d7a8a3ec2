using SuperNet.Core.Supervision;
using SuperNet.Rpc.Http;
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
    private readonly ServerLimits _limits;
    private readonly Dictionary<string, RpcMethod> _methods;

    /// <param name="namespaces">the [rpcinterface:x] names serving supervisor's methods; null: "supervisor" only</param>
    /// <param name="limits">what one system.multicall may cost; null: the defaults</param>
    public RpcDispatcher(RpcContext context, IReadOnlyList<string>? namespaces = null, ServerLimits? limits = null)
    {
        _context = context;
        _limits = limits ?? new ServerLimits();
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

    /// <summary>Exactly "ns.method", the method not starting with an underscore (checked in place: no Split per call).</summary>
    private RpcMethod? Find(string methodName)
    {
        var dot = methodName.IndexOf('.');
        if (dot < 0 || methodName.IndexOf('.', dot + 1) >= 0 || methodName.AsSpan(dot + 1).StartsWith('_'))
        {
            return null;
        }
        return _methods.GetValueOrDefault(methodName);
    }

    /// <summary>
    /// Calls run one after another, each deferred one finishing before the next starts (trap 1). What one
    /// multicall may cost is bounded (<see cref="ServerLimits"/>): its number of calls, and its answer, which is
    /// serialized call by call so no call's tree outlives it. A client that leaves or a stopping server ends it.
    /// </summary>
    internal async ValueTask<XmlRpcValue> MulticallAsync(XmlRpcValue calls, CancellationToken cancellationToken)
    {
        var items = calls is XmlRpcArray a ? a.Items : throw new RpcArgumentTypeException("multicall needs an array of calls");
        if (items.Count > _limits.MaxMulticallCalls)
        {
            throw new RpcFaultException(Fault.IncorrectParameters, $"system.multicall takes at most {_limits.MaxMulticallCalls} calls");
        }
        var results = new List<XmlRpcValue>(items.Count);
        long answerBytes = 0;
        foreach (var call in items)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // supervisord reads each entry with dict methods outside its per-call error handling: an entry that is
            // not a struct ends the whole multicall with HTTP 500, after the calls before it ran and before any after.
            var spec = call as XmlRpcStruct ?? throw new RpcArgumentTypeException("each call must be a struct");
            XmlRpcValue result;
            try
            {
                result = await OneCall(spec, cancellationToken);
            }
            catch (RpcFaultException f)
            {
                result = XmlRpcWriter.FaultStruct(new XmlRpcFault(f.Code, f.Message));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                result = XmlRpcWriter.FaultStruct(new XmlRpcFault((int)Fault.Failed, $"FAILED: {e.GetType().Name}:{e.Message}"));
            }
            var xml = XmlRpcWriter.Serialize(result);
            answerBytes += xml.Length;
            if (answerBytes > _limits.MaxMulticallAnswerBytes)
            {
                throw new RpcFaultException(Fault.Failed, $"the answer of this system.multicall would exceed {_limits.MaxMulticallAnswerBytes} bytes");
            }
            results.Add(new XmlRpcSerialized(xml));
            // Let other connections' work and timeouts run between calls of a long multicall.
            await Task.Yield();
        }
        return new XmlRpcArray(results);
    }

    private ValueTask<XmlRpcValue> OneCall(XmlRpcStruct spec, CancellationToken cancellationToken)
    {
        var name = spec["methodName"] is { } n and not XmlRpcNil
            ? MethodName(n)
            : throw new RpcFaultException(Fault.IncorrectParameters, "No methodName");
        if (name == "system.multicall")
        {
            throw new RpcFaultException(Fault.IncorrectParameters, "Recursive system.multicall forbidden");
        }
        var args = spec["params"] switch
        {
            null => [],
            XmlRpcArray p => p.Items,
            // supervisord spreads params into the call: one that is not a list is a TypeError, INCORRECT_PARAMETERS.
            _ => throw new RpcFaultException(Fault.IncorrectParameters),
        };
        return CallAsync(name, args, cancellationToken);
    }

    /// <summary>
    /// A methodName as supervisord takes it: base64 is read as a UTF-8 string, as every base64 argument is; any
    /// other value that is no string fails where it is split on dots, a FAILED fault naming its Python type.
    /// </summary>
    private static string MethodName(XmlRpcValue name)
    {
        if (Args.IsString(name))
        {
            return Args.Str(name);
        }
        var type = name switch
        {
            XmlRpcInt or XmlRpcBigInteger => "int",
            XmlRpcBoolean => "bool",
            XmlRpcDouble => "float",
            XmlRpcDateTime => "datetime.datetime",
            XmlRpcArray => "list",
            XmlRpcStruct => "dict",
            _ => name.TypeName,
        };
        throw new RpcFaultException(Fault.Failed, $"<class 'AttributeError'>:'{type}' object has no attribute 'split'");
    }
}
