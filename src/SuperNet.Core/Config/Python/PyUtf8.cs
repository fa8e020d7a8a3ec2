using System.Globalization;
using System.Text;

namespace SuperNet.Core.Config.Python;

/// <summary>
/// Decodes a config file the way Python's text reader does: strict UTF-8, a byte-order mark kept as text,
/// and on a bad sequence UnicodeDecodeError's text. Python decodes in 8 KiB chunks and counts the position
/// from the start of the chunk (plus the bytes of a character carried over from the previous one).
/// </summary>
internal static class PyUtf8
{
    private const int ChunkSize = 8192;
    private static readonly UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            byte b = bytes[i];
            int length = b < 0x80 ? 1 : b is >= 0xC2 and <= 0xDF ? 2 : b is >= 0xE0 and <= 0xEF ? 3 : b is >= 0xF0 and <= 0xF4 ? 4 : 0;
            if (length == 0)
                throw Error(bytes, i, i, 1, "invalid start byte");
            for (int k = 1; k < length; k++)
            {
                if (i + k >= bytes.Length)
                    throw Error(bytes, i, i, k, "unexpected end of data");
                if (!IsContinuation(b, k, bytes[i + k]))
                    throw Error(bytes, i, i + k, k, "invalid continuation byte");
            }
            i += length;
        }
        return Strict.GetString(bytes);
    }

    /// <summary>Python narrows the second byte's range for E0, ED, F0 and F4 (no overlongs, surrogates or past U+10FFFF).</summary>
    private static bool IsContinuation(byte lead, int index, byte b) => (index, lead) switch
    {
        (1, 0xE0) => b is >= 0xA0 and <= 0xBF,
        (1, 0xED) => b is >= 0x80 and <= 0x9F,
        (1, 0xF0) => b is >= 0x90 and <= 0xBF,
        (1, 0xF4) => b is >= 0x80 and <= 0x8F,
        _ => b is >= 0x80 and <= 0xBF,
    };

    private static ConfigException Error(ReadOnlySpan<byte> bytes, int start, int detectedAt, int count, string reason)
    {
        int position = reason == "unexpected end of data" ? 0 : start - ChunkBase(bytes, detectedAt);
        string where = count == 1
            ? $"byte 0x{bytes[start]:x2} in position {position}"
            : $"bytes in position {position}-{position + count - 1}";
        return new ConfigException(string.Create(CultureInfo.InvariantCulture, $"'utf-8' codec can't decode {where}: {reason}"));
    }

    /// <summary>Where the decoder's input began for the chunk holding <paramref name="index"/>: the chunk start, or the
    /// start of a character that straddles it.</summary>
    private static int ChunkBase(ReadOnlySpan<byte> bytes, int index)
    {
        int chunk = index / ChunkSize * ChunkSize;
        for (int back = 1; back <= 3 && chunk - back >= 0; back++)
        {
            byte lead = bytes[chunk - back];
            if (lead < 0x80 || lead >= 0xC0)
            {
                int length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
                return chunk - back + length > chunk ? chunk - back : chunk;
            }
        }
        return chunk;
    }
}
