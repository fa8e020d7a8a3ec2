namespace SuperNet.Core.Events;

/// <summary>
/// supervisord's event type tree (contract §8.1): every concrete type has exactly one abstract parent under
/// EVENT, so a subscription covers a concrete type when it names the type, its parent, or EVENT.
/// </summary>
public static class EventTypes
{
    public const string ProcessStatePrefix = "PROCESS_STATE_";
    public const string RemoteCommunication = "REMOTE_COMMUNICATION";
    public const string SupervisorRunning = "SUPERVISOR_STATE_CHANGE_RUNNING";
    public const string SupervisorStopping = "SUPERVISOR_STATE_CHANGE_STOPPING";
    public const string GroupAdded = "PROCESS_GROUP_ADDED";
    public const string GroupRemoved = "PROCESS_GROUP_REMOVED";

    private static readonly string[] Parents =
    [
        "PROCESS_STATE", "PROCESS_LOG", "PROCESS_COMMUNICATION", "SUPERVISOR_STATE_CHANGE", "TICK", "PROCESS_GROUP",
    ];

    public static bool Covers(string subscription, string concrete)
    {
        if (subscription == concrete || subscription == "EVENT")
        {
            return true;
        }
        // REMOTE_COMMUNICATION is concrete and sits directly under EVENT; every other parent is a name prefix.
        return Array.IndexOf(Parents, subscription) >= 0
            && concrete.Length > subscription.Length
            && concrete[subscription.Length] == '_'
            && concrete.StartsWith(subscription, StringComparison.Ordinal);
    }

    /// <summary>TICK_5, TICK_60, TICK_3600 by period in seconds.</summary>
    public static string Tick(int period) => "TICK_" + period;
}
