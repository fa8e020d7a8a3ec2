using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// send(2) and recv(2) with EINTR retried, for both the client's blocking socket (<see cref="ClientSocket"/>) and the
/// server's non-blocking one (<see cref="EpollSocket"/>, for which EAGAIN is the usual "nothing more now").
/// </summary>
internal static unsafe class SocketCalls
{
    /// <summary>Bytes received (0 at the end of the stream), or minus the errno.</summary>
    public static int Receive(int fd, Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var received = Libc.Recv(fd, p, buffer.Length, 0);
                if (received >= 0)
                {
                    return (int)received;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != ErrnoNames.EINTR)
                {
                    return -errno;
                }
            }
        }
    }

    /// <summary>
    /// Sends until all of bytes went or a call failed: 0 or that errno (EPIPE, not SIGPIPE, when the peer left);
    /// sent counts what went before it.
    /// </summary>
    public static int Send(int fd, ReadOnlySpan<byte> bytes, out int sent)
    {
        sent = 0;
        fixed (byte* p = bytes)
        {
            while (sent < bytes.Length)
            {
                var n = Libc.Send(fd, p + sent, bytes.Length - sent, Consts.MSG_NOSIGNAL);
                if (n >= 0)
                {
                    sent += (int)n;
                    continue;
                }
                var errno = Marshal.GetLastPInvokeError();
                if (errno != ErrnoNames.EINTR)
                {
                    return errno;
                }
            }
        }
        return 0;
    }
}
