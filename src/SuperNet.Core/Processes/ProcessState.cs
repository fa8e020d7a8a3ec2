namespace SuperNet.Core.Processes;

/// <summary>Process states with supervisord's numeric codes (contract §2.3).</summary>
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
    /// <summary>STOPPED, EXITED, FATAL, UNKNOWN.</summary>
    public static bool IsStopped(this ProcessState state) =>
        state is ProcessState.Stopped or ProcessState.Exited or ProcessState.Fatal or ProcessState.Unknown;

    /// <summary>STARTING, RUNNING, BACKOFF.</summary>
    public static bool IsRunning(this ProcessState state) =>
        state is ProcessState.Starting or ProcessState.Running or ProcessState.Backoff;

    /// <summary>STARTING, RUNNING, STOPPING.</summary>
    public static bool IsSignallable(this ProcessState state) =>
        state is ProcessState.Starting or ProcessState.Running or ProcessState.Stopping;

    /// <summary>The statename: "STOPPED", "RUNNING", …</summary>
    public static string Name(this ProcessState state) => state switch
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
}
