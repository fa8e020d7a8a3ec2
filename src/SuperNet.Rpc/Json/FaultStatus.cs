using SuperNet.Core.Supervision;

namespace SuperNet.Rpc.Json;

/// <summary>The HTTP status a fault answers with on the JSON API (docs/api.md lists it).</summary>
internal static class FaultStatus
{
    public static int Of(Fault fault) => fault switch
    {
        Fault.BadName or Fault.NoFile or Fault.UnknownMethod => 404,
        Fault.IncorrectParameters or Fault.BadArguments or Fault.BadSignal or Fault.SignatureUnsupported => 400,
        Fault.AlreadyStarted or Fault.NotRunning or Fault.AlreadyAdded or Fault.StillRunning => 409,
        Fault.ShutdownState => 503,
        _ => 500,
    };
}
