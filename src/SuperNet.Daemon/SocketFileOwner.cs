using SuperNet.Linux;
using SuperNet.Rpc.Http;

namespace SuperNet.Daemon;

/// <summary>The unix socket's chown=, applied to the socket only (never through a link the path was swapped for).</summary>
internal sealed class SocketFileOwner : ISocketFileOwner
{
    public bool TryChown(string path, int uid, int gid) => SocketFile.Chown(path, uid, gid) == 0;
}
