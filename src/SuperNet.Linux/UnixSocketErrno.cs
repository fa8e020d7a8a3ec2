using System.Runtime.InteropServices;
using System.Text;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>
/// .NET reports a failed bind whose errno has no SocketError (ENOSPC, EROFS, ELOOP) as one generic
/// code and drops the number; supervisord's message names the errno, so the bind is tried again here to learn it.
/// </summary>
public static unsafe class UnixSocketErrno
{
    /// <summary>The errno of binding the unbound <paramref name="socket"/> to <paramref name="path"/> now; 0 if it succeeded.</summary>
    public static int OfBind(SafeHandle socket, string path)
    {
        var name = Encoding.UTF8.GetBytes(path);
        if (name.Length > Consts.SockAddrUnSize - 2)
        {
            // .NET refuses such a path before any bind; nothing to learn here.
            return 0;
        }
        byte* sockaddr = stackalloc byte[Consts.SockAddrUnSize];
        new Span<byte>(sockaddr, Consts.SockAddrUnSize).Clear();
        *(ushort*)sockaddr = Consts.AF_UNIX;
        name.CopyTo(new Span<byte>(sockaddr + 2, name.Length));
        var added = false;
        socket.DangerousAddRef(ref added);
        try
        {
            return Libc.Bind((int)socket.DangerousGetHandle(), sockaddr, (uint)(2 + name.Length)) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
        finally
        {
            socket.DangerousRelease();
        }
    }
}
