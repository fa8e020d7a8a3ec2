namespace SuperNet.Core.Events;

/// <summary>An event listener process's protocol state (contract §8.3).</summary>
public enum ListenerState
{
    Acknowledged,
    Ready,
    Busy,
    Unknown,
}

public static class ListenerStateNames
{
    public static string Name(this ListenerState state) => state switch
    {
        ListenerState.Acknowledged => "ACKNOWLEDGED",
        ListenerState.Ready => "READY",
        ListenerState.Busy => "BUSY",
        _ => "UNKNOWN",
    };
}
