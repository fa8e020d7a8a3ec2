using System.Runtime.InteropServices;
using SuperNet.Core.Os;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// getrandom(2): the kernel's generator through libc, needing neither OpenSSL nor a /dev/urandom node
/// (a chroot or a bare image may have no /dev).
/// </summary>
public sealed unsafe class KernelRandom : IRandomSource
{
    public void Fill(Span<byte> buffer)
    {
        fixed (byte* start = buffer)
        {
            int filled = 0;
            while (filled < buffer.Length)
            {
                nint got = Libc.GetRandom(start + filled, (nuint)(buffer.Length - filled), 0);
                if (got < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == ErrnoNames.EINTR)
                        continue;
                    throw new IOException($"getrandom failed: {ErrnoNames.Name(errno)}");
                }
                filled += (int)got;
            }
        }
    }
}
