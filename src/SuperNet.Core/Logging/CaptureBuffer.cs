namespace SuperNet.Core.Logging;

/// <summary>
/// The capture-mode buffer bounded by capture_maxbytes (§9.4). Its bound is supervisord's: a write that
/// would overflow first drops as many bytes from the front as it adds, so the buffer may end up larger
/// than the bound when one write is big.
/// </summary>
internal sealed class CaptureBuffer(long maxBytes)
{
    private byte[] data = [];

    public void Write(ReadOnlySpan<byte> bytes)
    {
        byte[] kept = data;
        if (kept.LongLength + bytes.Length > maxBytes)
            kept = bytes.Length >= kept.Length ? [] : kept[bytes.Length..];
        data = [.. kept, .. bytes];
    }

    public byte[] TakeAll()
    {
        byte[] all = data;
        data = [];
        return all;
    }
}
