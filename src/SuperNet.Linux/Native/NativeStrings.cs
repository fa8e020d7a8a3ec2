using System.Runtime.InteropServices;
using System.Text;

namespace SuperNet.Linux.Native;

/// <summary>
/// A NULL-terminated array of NUL-terminated UTF-8 strings (argv/envp) in one native block, so a
/// spawn costs one allocation and nothing moves while the kernel reads it.
/// </summary>
internal sealed unsafe class NativeStringArray : IDisposable
{
    private byte* _block;

    public NativeStringArray(IReadOnlyList<string> items)
    {
        var pointerBytes = (nuint)(items.Count + 1) * (nuint)sizeof(byte*);
        nuint textBytes = 0;
        foreach (var item in items)
        {
            textBytes += (nuint)Encoding.UTF8.GetByteCount(item) + 1;
        }
        _block = (byte*)NativeMemory.Alloc(pointerBytes + textBytes);
        var pointers = (byte**)_block;
        var cursor = _block + pointerBytes;
        var end = _block + pointerBytes + textBytes;
        for (var i = 0; i < items.Count; i++)
        {
            pointers[i] = cursor;
            var written = Encoding.UTF8.GetBytes(items[i], new Span<byte>(cursor, (int)(end - cursor)));
            cursor[written] = 0;
            cursor += written + 1;
        }
        pointers[items.Count] = null;
    }

    public byte** Pointer => (byte**)_block;

    /// <summary>The first string (argv[0] or a lone path).</summary>
    public byte* First => Pointer[0];

    public void Dispose()
    {
        if (_block is not null)
        {
            NativeMemory.Free(_block);
            _block = null;
        }
    }
}

internal static class Utf8Z
{
    /// <summary>A NUL-terminated UTF-8 copy to pin with <c>fixed</c>.</summary>
    public static byte[] Of(string text)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(text) + 1];
        Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
