using SuperNet.Core.Supervision;

namespace SuperNet.Rpc;

/// <summary>supervisord's fault codes and names (contract §2.2).</summary>
public static class Faults
{
    public const int UnknownMethod = 1, IncorrectParameters = 2, BadArguments = 3, SignatureUnsupported = 4,
        ShutdownState = 6, BadName = 10, BadSignal = 11, NoFile = 20, NotExecutable = 21, Failed = 30,
        AbnormalTermination = 40, SpawnError = 50, AlreadyStarted = 60, NotRunning = 70, Success = 80,
        AlreadyAdded = 90, StillRunning = 91, CantReread = 92;

    public static string Name(int code) => ((Fault)code).Name();
}

/// <summary>
/// A fault an RPC method answers with. The text is the fault name, or "NAME: detail" when a detail is
/// given (a null detail gives the bare name, as upstream's RPCError(code, None) does).
/// </summary>
public sealed class RpcFaultException(int code, string? detail = null)
    : Exception(detail is null ? Faults.Name(code) : $"{Faults.Name(code)}: {detail}")
{
    public int Code { get; } = code;
}

/// <summary>
/// An argument of a type the method cannot use (e.g. an int where a name is expected). supervisord
/// answers these with HTTP 500, and inside system.multicall with a FAILED fault.
/// </summary>
public sealed class RpcArgumentTypeException(string message) : Exception(message);
