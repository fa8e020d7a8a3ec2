namespace SuperNet.Core.Supervision;

/// <summary>
/// supervisord's fault codes (contract §2.2): the one table the server answers with and supernetctl reacts
/// to. The engine's commands end with ShutdownState and up (or Success, 80); the codes below 6 and
/// CantReread are the RPC layer's own.
/// </summary>
public enum Fault
{
    UnknownMethod = 1,
    IncorrectParameters = 2,
    BadArguments = 3,
    SignatureUnsupported = 4,
    ShutdownState = 6,
    BadName = 10,
    BadSignal = 11,
    NoFile = 20,
    NotExecutable = 21,
    Failed = 30,
    AbnormalTermination = 40,
    SpawnError = 50,
    AlreadyStarted = 60,
    NotRunning = 70,
    Success = 80,
    AlreadyAdded = 90,
    StillRunning = 91,
    CantReread = 92,
}

public static class FaultNames
{
    /// <summary>The fault name as supervisord spells it; "UNKNOWN" for a code it does not define.</summary>
    public static string Name(this Fault code) => code switch
    {
        Fault.UnknownMethod => "UNKNOWN_METHOD",
        Fault.IncorrectParameters => "INCORRECT_PARAMETERS",
        Fault.BadArguments => "BAD_ARGUMENTS",
        Fault.SignatureUnsupported => "SIGNATURE_UNSUPPORTED",
        Fault.ShutdownState => "SHUTDOWN_STATE",
        Fault.BadName => "BAD_NAME",
        Fault.BadSignal => "BAD_SIGNAL",
        Fault.NoFile => "NO_FILE",
        Fault.NotExecutable => "NOT_EXECUTABLE",
        Fault.Failed => "FAILED",
        Fault.AbnormalTermination => "ABNORMAL_TERMINATION",
        Fault.SpawnError => "SPAWN_ERROR",
        Fault.AlreadyStarted => "ALREADY_STARTED",
        Fault.NotRunning => "NOT_RUNNING",
        Fault.Success => "SUCCESS",
        Fault.AlreadyAdded => "ALREADY_ADDED",
        Fault.StillRunning => "STILL_RUNNING",
        Fault.CantReread => "CANT_REREAD",
        _ => "UNKNOWN",
    };
}

/// <summary>
/// The answer of one command: Success, or a fault code with its detail (null for the bare name, as upstream's
/// RPCError(code, None)). <see cref="Text"/> is supervisord's fault string, "NAME" or "NAME: detail".
/// </summary>
public readonly record struct Outcome(Fault Code, string? Detail)
{
    public static readonly Outcome Ok = new(Fault.Success, null);

    public bool Succeeded => Code == Fault.Success;

    public string Text => Succeeded ? "OK" : Detail is null ? Code.Name() : Code.Name() + ": " + Detail;

    public static Outcome Of(Fault code, string? detail = null) => new(code, detail);
}
