using System.Runtime.InteropServices;
using SuperNet.Rpc.Http;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>A test stand-in for the daemon's chown (which lives in SuperNet.Linux).</summary>
public sealed partial class LibcChown : ISocketFileOwner
{
    [LibraryImport("libc", EntryPoint = "chown", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Chown(string path, int uid, int gid);

    public bool TryChown(string path, int uid, int gid) => Chown(path, uid, gid) == 0;
}
