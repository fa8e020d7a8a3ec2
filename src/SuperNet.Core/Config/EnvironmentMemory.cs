namespace SuperNet.Core.Config;

/// <summary>
/// The [supervisord] environment= pairs read so far in one daemon generation. supervisord keeps a single table
/// of ENV_ names for its options object and adds each read's [supervisord] environment to it, never removing
/// one, so a reread still expands %(ENV_X)s for an X that only an earlier read (start-up's, or a reread that
/// failed further on) defined. A restart starts a new table. Rereads may run on two request threads at once.
/// </summary>
public sealed class EnvironmentMemory
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, string> pairs = new(StringComparer.Ordinal);

    public EnvironmentMemory(IEnumerable<KeyValuePair<string, string>> initial) => Remember(initial);

    public void Remember(IEnumerable<KeyValuePair<string, string>> environment)
    {
        lock (gate)
        {
            foreach (var (key, value) in environment)
                pairs[key] = value;
        }
    }

    public KeyValuePair<string, string>[] Snapshot()
    {
        lock (gate)
            return [.. pairs];
    }
}
