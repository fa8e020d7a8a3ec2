namespace SuperNet.Core.Tests.Logging;

/// <summary>A clock that stands still at a chosen local time in a chosen zone.</summary>
public sealed class FixedTime(DateTimeOffset now, TimeZoneInfo zone) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();

    public override TimeZoneInfo LocalTimeZone => zone;
}
