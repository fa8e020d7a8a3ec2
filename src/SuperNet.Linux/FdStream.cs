using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// A write-only stream over an inherited fd that uses plain write(2). FileStream uses pwrite(2) at a
/// position of its own on seekable files, so with <c>{ echo a; supernetd; echo b; } &gt; out.log</c> the
/// shell's later lines would overwrite ours: the daemon's fds 1 and 2 share one file position with
/// whoever else holds them, and only write(2) advances it.
/// </summary>
public sealed unsafe class FdStream(int fd) : Stream
{
    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        var errno = WriteAll(fd, buffer);
        if (errno != 0)
        {
            throw new FdWriteException(fd, errno);
        }
    }

    /// <summary>Writes everything, retrying after EINTR and short writes; 0 or the errno that stopped it.</summary>
    public static int WriteAll(int fd, ReadOnlySpan<byte> bytes) => WriteAll(fd, bytes, out _);

    /// <summary>As <see cref="WriteAll(int, ReadOnlySpan{byte})"/>, also telling how much went out before an error.</summary>
    public static int WriteAll(int fd, ReadOnlySpan<byte> bytes, out int offset)
    {
        offset = 0;
        fixed (byte* p = bytes)
        {
            while (offset < bytes.Length)
            {
                var written = Libc.Write(fd, p + offset, bytes.Length - offset);
                if (written < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == ErrnoNames.EINTR)
                    {
                        continue;
                    }
                    return errno;
                }
                offset += (int)written;
            }
        }
        return 0;
    }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>A failed write(2) on one of the daemon's own fds.</summary>
public sealed class FdWriteException(int fd, int errno)
    : IOException($"write to fd {fd}: {ErrnoNames.Name(errno)}");
