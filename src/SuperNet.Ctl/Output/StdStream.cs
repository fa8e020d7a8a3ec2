using SuperNet.Linux;

namespace SuperNet.Ctl.Output;

/// <summary>
/// fd 1 or 2 written with plain write(2), keeping what Console's stream did for the ctl: a reader that went away
/// (EPIPE, `supernetctl status | head -1`) drops the rest silently, and a non-blocking fd that is full (EAGAIN) is
/// left to Console's stream, which waits until it can write. Console itself is not touched on the common path:
/// its first write sets up the terminal layer (Console.Out, a signal thread, terminfo), a millisecond of a
/// one-shot command's run that only the shell's line editor needs, and that initialises it when it reads a key.
/// </summary>
internal sealed class StdStream(int fd) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var errno = FdStream.WriteAll(fd, buffer, out var written);
        switch (errno)
        {
            case 0 or ErrnoNames.EPIPE:
                return;
            case ErrnoNames.EAGAIN:
                using (var console = fd == 1 ? Console.OpenStandardOutput() : Console.OpenStandardError())
                {
                    console.Write(buffer[written..]);
                }

                return;
            default:
                throw new FdWriteException(fd, errno);
        }
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
