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
/// A result handler: <paramref name="Judge"/> takes a whole RESULT body; <paramref name="PastLimit"/> is its verdict on
/// any body longer than <see cref="ResultHandlers.BodyLimit"/>, which is counted and never held, or null when it
/// needs such a body whole and refuses it instead.
/// </summary>
public sealed record ResultHandler(Func<byte[], ResultVerdict> Judge, ResultVerdict? PastLimit);

/// <summary>
/// The [eventlistener:x] result_handler values supernetd runs natively: it cannot import Python, so each
/// supported import spec maps to a handler written here with the same observable behaviour.
/// </summary>
public static class ResultHandlers
{
    public const string Default = "supervisor.dispatchers:default_handler";
    public const string SupervisorStdout = "supervisor_stdout:event_handler";

    public static IReadOnlyList<string> Supported { get; } = [Default, SupervisorStdout];

    /// <summary>
    /// The longest RESULT body held for a handler. supervisord holds any length a listener announces, so a hostile
    /// one could make it hold gigabytes; a supervisor-stdout echo is one event's payload, for PROCESS_LOG a pipe read
    /// (128 KiB) or a capture-mode chunk (at most *_capture_maxbytes, rarely near this).
    /// </summary>
    public const int BodyLimit = 16 * 1024 * 1024;

    /// <summary>The handler for a supported spec (see <see cref="Supported"/>); <paramref name="stdout"/> receives what it prints.</summary>
    public static ResultHandler For(string spec, Action<byte[]> stdout) => spec switch
    {
        // Anything longer than "OK" is not "OK": the verdict on a long body needs none of its bytes.
        Default => new ResultHandler(DefaultHandler, ResultVerdict.Rejected),
        SupervisorStdout => new ResultHandler(new SupervisorStdoutHandler(stdout).Handle, null),
        _ => throw new ArgumentException($"unsupported result_handler {spec}", nameof(spec)),
    };

    /// <summary>supervisor.dispatchers:default_handler: exactly OK is success, anything else a rejection.</summary>
    private static ResultVerdict DefaultHandler(byte[] response) =>
        response is [(byte)'O', (byte)'K'] ? ResultVerdict.Processed : ResultVerdict.Rejected;
}
