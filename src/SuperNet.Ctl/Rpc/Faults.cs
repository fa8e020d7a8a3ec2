namespace SuperNet.Ctl.Rpc;

/// <summary>supervisord's fault codes (contract §2.2) that the commands react to.</summary>
internal static class Faults
{
    public const int UnknownMethod = 1;
    public const int ShutdownState = 6;
    public const int BadName = 10;
    public const int BadSignal = 11;
    public const int NoFile = 20;
    public const int NotExecutable = 21;
    public const int Failed = 30;
    public const int AbnormalTermination = 40;
    public const int SpawnError = 50;
    public const int AlreadyStarted = 60;
    public const int NotRunning = 70;
    public const int Success = 80;
    public const int AlreadyAdded = 90;
    public const int StillRunning = 91;
    public const int CantReread = 92;
}
