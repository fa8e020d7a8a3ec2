namespace SuperNet.Rpc.Backend;

/// <summary>Process states with supervisord's codes (contract §2.3).</summary>
public enum ProcessState
{
    Stopped = 0,
    Starting = 10,
    Running = 20,
    Backoff = 30,
    Stopping = 40,
    Exited = 100,
    Fatal = 200,
    Unknown = 1000,
}

public static class ProcessStates
{
    public static string Name(ProcessState state) => state switch
    {
        ProcessState.Stopped => "STOPPED",
        ProcessState.Starting => "STARTING",
        ProcessState.Running => "RUNNING",
        ProcessState.Backoff => "BACKOFF",
        ProcessState.Stopping => "STOPPING",
        ProcessState.Exited => "EXITED",
        ProcessState.Fatal => "FATAL",
        _ => "UNKNOWN",
    };

    /// <summary>STARTING, RUNNING, BACKOFF: what startProcessGroup skips and stopProcessGroup acts on.</summary>
    public static bool IsRunning(ProcessState s) => s is ProcessState.Starting or ProcessState.Running or ProcessState.Backoff;

    public static bool IsStopped(ProcessState s) =>
        s is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal or ProcessState.Unknown;

    public static bool IsSignallable(ProcessState s) =>
        s is ProcessState.Starting or ProcessState.Running or ProcessState.Stopping;
}
