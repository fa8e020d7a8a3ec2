using SuperNet.Core.Os;

namespace SuperNet.Core.Tests.Logging;

/// <summary>Hands out the given blocks in turn, then pseudo-random bytes: names become predictable where a test needs them.</summary>
internal sealed class ScriptedRandom(params byte[][] blocks) : IRandomSource
{
    public static readonly ScriptedRandom Shared = new();

    private readonly Queue<byte[]> _blocks = new(blocks);

    public void Fill(Span<byte> buffer)
    {
        if (_blocks.TryDequeue(out var block))
            block.AsSpan(0, buffer.Length).CopyTo(buffer);
        else
            Random.Shared.NextBytes(buffer);
    }
}
