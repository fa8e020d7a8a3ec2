namespace SuperNet.Core.Events;

/// <summary>What a result handler made of a listener's RESULT body (supervisord's handle_result outcomes).</summary>
public enum ResultVerdict
{
    /// <summary>"event was processed": ACKNOWLEDGED.</summary>
    Processed,
    /// <summary>RejectEvent, "event was rejected": ACKNOWLEDGED, the event goes back to the pool.</summary>
    Rejected,
    /// <summary>Any other exception, "event caused an error": UNKNOWN, the event goes back to the pool.</summary>
    Error,
}

/// <summary>
/// The [eventlistener:x] result_handler values supernetd runs natively: it cannot import Python, so each
/// supported import spec maps to a handler written here with the same observable behaviour.
/// </summary>
public static class ResultHandlers
{
    public const string Default = "supervisor.dispatchers:default_handler";
    public const string SupervisorStdout = "supervisor_stdout:event_handler";

    public static IReadOnlyList<string> Supported { get; } = [Default, SupervisorStdout];

    /// <summary>The handler for a supported spec (see <see cref="Supported"/>); <paramref name="stdout"/> receives what it prints.</summary>
    public static Func<byte[], ResultVerdict> For(string spec, Action<byte[]> stdout) => spec switch
    {
        Default => DefaultHandler,
        SupervisorStdout => new SupervisorStdoutHandler(stdout).Handle,
        _ => throw new ArgumentException($"unsupported result_handler {spec}", nameof(spec)),
    };

    /// <summary>supervisor.dispatchers:default_handler: exactly OK is success, anything else a rejection.</summary>
    private static ResultVerdict DefaultHandler(byte[] response) =>
        response is [(byte)'O', (byte)'K'] ? ResultVerdict.Processed : ResultVerdict.Rejected;
}
