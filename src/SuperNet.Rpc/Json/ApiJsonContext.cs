using System.Text.Json.Serialization;

namespace SuperNet.Rpc.Json;

/// <summary>An error answer: supervisord's fault code and name, and its fault string.</summary>
internal sealed record ApiError(int Code, string Fault, string Message);

/// <summary>GET /api/v1/state: getState, getPID, the versions and getIdentification in one object.</summary>
internal sealed record ApiState(int Statecode, string Statename, int Pid, string ApiVersion, string SupervisorVersion,
    string SupernetVersion, string Identification);

/// <summary>Group names of a reread (what changed) or an update (what was applied).</summary>
internal sealed record ApiGroupChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Removed);

/// <summary>A piece of a process log: tailProcess*Log's bytes, the offset to ask from next, and whether bytes were skipped.</summary>
internal sealed record ApiLogSlice(string Data, long Offset, bool Overflow, int Bytes);

/// <summary>The API's own bodies, serialized by source generation (no reflection, Native AOT clean).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ApiState))]
[JsonSerializable(typeof(ApiGroupChanges))]
[JsonSerializable(typeof(ApiLogSlice))]
internal sealed partial class ApiJsonContext : JsonSerializerContext;
