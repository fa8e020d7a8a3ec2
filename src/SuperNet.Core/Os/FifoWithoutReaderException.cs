namespace SuperNet.Core.Os;

/// <summary>
/// A FIFO we may write but not read has no reader (ENXIO from a non-blocking write-only open): where supervisord's
/// open waits until one comes, the caller drops what it would have written and opens it again later.
/// </summary>
public sealed class FifoWithoutReaderException(string path)
    : IOException($"{path}: no reader has the FIFO open (ENXIO)")
{
}
