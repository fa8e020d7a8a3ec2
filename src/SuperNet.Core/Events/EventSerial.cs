namespace SuperNet.Core.Events;

/// <summary>
/// The global event serial. It lives as long as the daemon, not one configuration generation: supervisord
/// keeps counting across a SIGHUP restart while each new pool counts from 0 again.
/// </summary>
public sealed class EventSerial
{
    private long last = -1;

    /// <summary>Used only on the supervisor thread of the current generation.</summary>
    public long Next() => last = last == long.MaxValue ? 0 : last + 1;
}
