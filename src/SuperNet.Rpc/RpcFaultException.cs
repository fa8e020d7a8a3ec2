using SuperNet.Core.Supervision;

namespace SuperNet.Rpc;

/// <summary>A fault an RPC method answers with: the engine's <see cref="Outcome"/>, or the RPC layer's own.</summary>
public sealed class RpcFaultException(Outcome outcome) : Exception(outcome.Text)
{
    public RpcFaultException(Fault code, string? detail = null)
        : this(Outcome.Of(code, detail))
    {
    }

    public Outcome Outcome { get; } = outcome;
    public int Code => (int)Outcome.Code;
}

/// <summary>
/// An argument of a type the method cannot use (e.g. an int where a name is expected). supervisord
/// answers these with HTTP 500, and inside system.multicall with a FAILED fault.
/// </summary>
public sealed class RpcArgumentTypeException(string message) : Exception(message);
