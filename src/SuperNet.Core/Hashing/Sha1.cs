using System.Buffers.Binary;
using System.Numerics;

namespace SuperNet.Core.Hashing;

/// <summary>
/// SHA-1 (FIPS 180-4) for supervisord's <c>{SHA}</c> passwords. Written here because .NET's SHA1 calls
/// OpenSSL on Linux, and the binaries must run with libc alone. Only ever hashes a password, so it favours
/// plainness over speed.
/// </summary>
public static class Sha1
{
    public const int HashSize = 20;

    public static byte[] Hash(ReadOnlySpan<byte> message)
    {
        Span<uint> state = [0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u];
        Span<uint> schedule = stackalloc uint[80];
        int whole = message.Length / 64 * 64;
        for (int offset = 0; offset < whole; offset += 64)
            Compress(state, schedule, message.Slice(offset, 64));

        // The tail, a 0x80 byte, zeros, and the message length in bits: one or two final blocks.
        Span<byte> tail = stackalloc byte[128];
        tail.Clear();
        int rest = message.Length - whole;
        message[whole..].CopyTo(tail);
        tail[rest] = 0x80;
        int tailLength = rest < 56 ? 64 : 128;
        BinaryPrimitives.WriteUInt64BigEndian(tail[(tailLength - 8)..], (ulong)message.Length * 8);
        for (int offset = 0; offset < tailLength; offset += 64)
            Compress(state, schedule, tail.Slice(offset, 64));

        var digest = new byte[HashSize];
        for (int i = 0; i < state.Length; i++)
            BinaryPrimitives.WriteUInt32BigEndian(digest.AsSpan(i * 4), state[i]);
        return digest;
    }

    private static void Compress(Span<uint> state, Span<uint> w, ReadOnlySpan<byte> block)
    {
        for (int t = 0; t < 16; t++)
            w[t] = BinaryPrimitives.ReadUInt32BigEndian(block[(t * 4)..]);
        for (int t = 16; t < 80; t++)
            w[t] = BitOperations.RotateLeft(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);

        uint a = state[0], b = state[1], c = state[2], d = state[3], e = state[4];
        for (int t = 0; t < 80; t++)
        {
            (uint f, uint k) = t switch
            {
                < 20 => ((b & c) | (~b & d), 0x5A827999u),
                < 40 => (b ^ c ^ d, 0x6ED9EBA1u),
                < 60 => ((b & c) | (b & d) | (c & d), 0x8F1BBCDCu),
                _ => (b ^ c ^ d, 0xCA62C1D6u),
            };
            uint next = BitOperations.RotateLeft(a, 5) + f + e + k + w[t];
            e = d;
            d = c;
            c = BitOperations.RotateLeft(b, 30);
            b = a;
            a = next;
        }
        state[0] += a;
        state[1] += b;
        state[2] += c;
        state[3] += d;
        state[4] += e;
    }
}
