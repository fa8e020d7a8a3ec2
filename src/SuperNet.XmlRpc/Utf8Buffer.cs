using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace SuperNet.XmlRpc;

/// <summary>
/// A growable UTF-8 output buffer rented from the shared pool: an answer is encoded once, straight into the bytes
/// that are sent, with no intermediate string (a 100-program answer as a string sat on the large-object heap).
/// </summary>
public sealed class Utf8Buffer : IDisposable
{
    /// <summary>
    /// Buffers up to a streamed answer's piece (2 MiB of answer, so a 4 MiB buffer) go back to the pool: a
    /// 1000-program answer (1 MiB) in fresh memory every call cost more in page faults than its encoding did. A
    /// larger one (a single huge value) is left to the collector: the pool would keep it resident for good.
    /// </summary>
    private const int MaxPooled = 4 << 20;

    private byte[] _bytes;
    private int _length;

    public Utf8Buffer(int capacity = 4096) => _bytes = ArrayPool<byte>.Shared.Rent(capacity);

    public int Length => _length;

    /// <summary>The bytes written so far; valid until the next write, <see cref="Clear"/> or <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<byte> Written => _bytes.AsMemory(0, _length);

    public void Clear() => _length = 0;

    /// <summary>Makes a disposed buffer usable again (a reused writer's), empty, with a buffer from the pool.</summary>
    internal void Open(int capacity = 4096)
    {
        if (_bytes.Length == 0)
        {
            _bytes = ArrayPool<byte>.Shared.Rent(capacity);
        }
        _length = 0;
    }

    public byte[] ToArray() => _bytes.AsSpan(0, _length).ToArray();

    public void Write(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(Free(bytes.Length));
        _length += bytes.Length;
    }

    public void Write(long value)
    {
        Utf8Formatter.TryFormat(value, Free(20), out var written);
        _length += written;
    }

    /// <summary>Text that needs no escaping (or is already escaped), encoded as UTF-8.</summary>
    public void WriteText(ReadOnlySpan<char> text)
    {
        var span = Free(Encoding.UTF8.GetMaxByteCount(text.Length));
        _length += Encoding.UTF8.GetBytes(text, span);
    }

    public void Dispose()
    {
        Release(_bytes);
        _bytes = [];
        _length = 0;
    }

    private static void Release(byte[] bytes)
    {
        if (bytes.Length is > 0 and <= MaxPooled)
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private Span<byte> Free(int size)
    {
        if (_bytes.Length - _length < size)
        {
            var grown = ArrayPool<byte>.Shared.Rent(Math.Max(_bytes.Length * 2, _length + size));
            _bytes.AsSpan(0, _length).CopyTo(grown);
            Release(_bytes);
            _bytes = grown;
        }
        return _bytes.AsSpan(_length);
    }
}
