namespace SuperNet.Rpc.Http;

/// <summary>
/// Base64 decoded as Python's binascii.a2b_base64 decodes it in its default, non-strict mode, which supervisord's
/// auth check uses: a character outside the alphabet is skipped, the first complete padding ends the input, and
/// only a last group of one, two or three characters without its padding is an error.
/// </summary>
internal static class PythonBase64
{
    /// <summary>The bytes, or null where Python raises binascii.Error.</summary>
    public static byte[]? Decode(ReadOnlySpan<char> text)
    {
        var output = new byte[text.Length / 4 * 3 + 3];
        var written = 0;
        var position = 0; // characters of the current group of four seen so far
        var pads = 0;
        var left = 0;
        foreach (var c in text)
        {
            if (c == '=')
            {
                // Padding counts only after two characters of a group; enough of it to fill the group ends the input.
                if (position >= 2 && position + ++pads >= 4)
                {
                    return output[..written];
                }
                continue;
            }
            var sextet = Sextet(c);
            if (sextet < 0)
            {
                continue;
            }
            pads = 0;
            switch (position)
            {
                case 0:
                    left = sextet;
                    break;
                case 1:
                    output[written++] = (byte)((left << 2) | (sextet >> 4));
                    left = sextet & 0x0f;
                    break;
                case 2:
                    output[written++] = (byte)((left << 4) | (sextet >> 2));
                    left = sextet & 0x03;
                    break;
                default:
                    output[written++] = (byte)((left << 6) | sextet);
                    break;
            }
            position = (position + 1) % 4;
        }
        return position == 0 ? output[..written] : null;
    }

    private static int Sextet(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '+' => 62,
        '/' => 63,
        _ => -1,
    };
}
