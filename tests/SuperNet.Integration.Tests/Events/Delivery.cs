using System.Globalization;

namespace SuperNet.Integration.Tests.Events;

/// <summary>One event as listener.py received it: the envelope's header fields and the raw payload.</summary>
public sealed record Delivery(IReadOnlyDictionary<string, string> Headers, string Payload)
{
    public string EventName => Headers["eventname"];
    public long Serial => long.Parse(Headers["serial"], CultureInfo.InvariantCulture);
    public long PoolSerial => long.Parse(Headers["poolserial"], CultureInfo.InvariantCulture);
    public int Len => int.Parse(Headers["len"], CultureInfo.InvariantCulture);

    /// <summary>True for <paramref name="eventName"/> whose payload names <paramref name="process"/> (any process if null).</summary>
    public bool Is(string eventName, string? process = null) =>
        EventName == eventName && (process is null || Payload.StartsWith($"processname:{process} ", StringComparison.Ordinal));

    public override string ToString() =>
        $"{string.Join(' ', Headers.Select(h => $"{h.Key}:{h.Value}"))} | {Payload.ReplaceLineEndings("\\n")}";
}
