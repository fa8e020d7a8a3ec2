using SuperNet.Core.Supervision;

namespace SuperNet.Rpc.Json;

/// <summary>A request the API refuses before any command runs: an HTTP status with the fault it answers.</summary>
internal sealed class ApiException(int status, Fault fault, string? detail = null, string? allow = null)
    : Exception(Outcome.Of(fault, detail).Text)
{
    public int Status { get; } = status;
    public Outcome Outcome { get; } = Outcome.Of(fault, detail);
    /// <summary>The methods a 405 lists in its Allow header.</summary>
    public string? Allow { get; } = allow;

    public static ApiException NotFound(string path) => new(404, Fault.UnknownMethod, path);

    public static ApiException BadArgument(string detail) => new(400, Fault.BadArguments, detail);
}
