using System.Text;

namespace SuperNet.Core.Events;

/// <summary>
/// One emitted event. The payload is rendered when the event is made, so values that change later (a pid, the
/// backoff counter) are those of the moment of emission. Serials are assigned by the pools on the supervisor
/// thread: the global one by the first pool that accepts the event, and one per accepting pool.
/// </summary>
public sealed class SupervisorEvent(string name, string payload)
{
    private Dictionary<ListenerPool, long>? poolSerials;

    /// <summary>The concrete type name, the header's eventname.</summary>
    public string Name { get; } = name;
    public string Payload { get; } = payload;
    /// <summary>Null until some pool accepted the event.</summary>
    public long? Serial { get; internal set; }

    internal bool TryGetPoolSerial(ListenerPool pool, out long serial)
    {
        serial = 0;
        return poolSerials is not null && poolSerials.TryGetValue(pool, out serial);
    }

    internal void SetPoolSerial(ListenerPool pool, long serial) => (poolSerials ??= [])[pool] = serial;

    /// <summary>
    /// The header line and payload written to a listener's stdin. len counts code points, as Python's len() of
    /// the decoded text does, because stock listeners read that many characters from a text-mode stdin.
    /// </summary>
    public byte[] Envelope(string server, string pool, long poolSerial)
    {
        var length = 0;
        foreach (var _ in Payload.EnumerateRunes())
        {
            length++;
        }
        var text = $"ver:3.0 server:{server} serial:{Serial} pool:{pool} poolserial:{poolSerial} eventname:{Name} len:{length}\n{Payload}";
        return Encoding.UTF8.GetBytes(text);
    }
}
