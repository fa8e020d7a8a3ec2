using System.Text;

namespace SuperNet.Rpc.Http;

/// <summary>
/// The request line's and headers' text a client sends on every call (supervisorctl: the same method, target and six
/// headers each time), kept so a request allocates none of it again. A slot holds the last string that hashed to it;
/// a different one replaces it, so a client sending new text each time costs what it did before, never more memory.
/// Shared by every connection: a slot is one reference, read and replaced whole.
/// </summary>
internal static class RepeatedStrings
{
    private const int Slots = 256;
    /// <summary>Longer text (an Authorization value, a long query) is made each time, so the slots stay small.</summary>
    private const int MaxLength = 128;

    private static readonly string?[] Kept = new string?[Slots];

    /// <summary>The Latin-1 text of bytes, as every header is read.</summary>
    public static string Get(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > MaxLength)
        {
            return Encoding.Latin1.GetString(bytes);
        }
        ref var slot = ref Kept[Hash(bytes) & (Slots - 1)];
        var kept = Volatile.Read(ref slot);
        if (kept is not null && Ascii.Equals(bytes, kept))
        {
            return kept;
        }
        var made = Encoding.Latin1.GetString(bytes);
        Volatile.Write(ref slot, made);
        return made;
    }

    private static uint Hash(ReadOnlySpan<byte> bytes)
    {
        // FNV-1a: header text is short, and an even spread over 256 slots is all that is asked of it.
        var hash = 2166136261u;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 16777619u;
        }
        return hash;
    }
}
