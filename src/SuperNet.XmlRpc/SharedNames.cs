using System.Text;

namespace SuperNet.XmlRpc;

/// <summary>
/// Method names read before, handed out again instead of a new string per call: a daemon hears the same few names
/// over and over. Bounded (count and length) so that a client sending made-up names costs only what it did before:
/// once full, a new name is simply made afresh.
/// </summary>
internal static class SharedNames
{
    private const int MaxNames = 128;
    private const int MaxLength = 64;

    // Copy-on-write: readers never lock; a writer that loses a race just leaves its name out this time.
    private static string[] s_names = [];

    public static string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }
        var known = Volatile.Read(ref s_names);
        foreach (var name in known)
        {
            if (name.Length == utf8.Length && Ascii.Equals(utf8, name))
            {
                return name;
            }
        }
        var made = Encoding.ASCII.GetString(utf8);
        if (known.Length < MaxNames)
        {
            Interlocked.CompareExchange(ref s_names, [.. known, made], known);
        }
        return made;
    }
}
