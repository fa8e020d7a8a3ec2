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

/// <summary>Process state codes (contract §2.3).</summary>
internal static class ProcessStates
{
    public const int Stopped = 0;
    public const int Running = 20;
    public const int Exited = 100;
    public const int Fatal = 200;
    public const int Unknown = 1000;

    public static bool IsStopped(long state) => state is Stopped or Exited or Fatal or Unknown;
}
