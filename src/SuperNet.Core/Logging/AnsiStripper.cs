namespace SuperNet.Core.Logging;

/// <summary>
/// strip_ansi (contract §9.2): removes <c>ESC [</c> up to and including the first terminator letter. Like
/// supervisord it works on each chunk alone: an escape split across reads is not recognised whole.
/// </summary>
public static class AnsiStripper
{
    private static ReadOnlySpan<byte> Terminators => "HfABCDRsuJKhlpm"u8;

    public static byte[] Strip(ReadOnlySpan<byte> data)
    {
        int first = data.IndexOf("\u001b["u8);
        if (first < 0)
            return data.ToArray();
        var result = new List<byte>(data.Length);
        int i = 0;
        while (i < data.Length)
        {
            int start = data[i..].IndexOf("\u001b["u8);
            if (start < 0)
            {
                result.AddRange(data[i..]);
                break;
            }
            result.AddRange(data.Slice(i, start));
            // Skip ESC, then everything through the first terminator after it ("[" itself is not one).
            int end = data[(i + start + 1)..].IndexOfAny(Terminators);
            if (end < 0)
                break;
            i += start + 1 + end + 1;
        }
        return result.ToArray();
    }
}
