using System.Runtime.InteropServices;
using SuperNet.Linux.Native;

namespace SuperNet.Linux;

/// <summary>chown(2), e.g. for a unix socket's chown= option.</summary>
public static unsafe class FileOwner
{
    /// <summary>Returns 0 or the errno.</summary>
    public static int Chown(string path, int uid, int gid)
    {
        fixed (byte* p = Utf8Z.Of(path))
        {
            return Libc.Chown(p, (uint)uid, (uint)gid) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }
}
