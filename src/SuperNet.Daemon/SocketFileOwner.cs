using SuperNet.Linux;
using SuperNet.Rpc.Http;

namespace SuperNet.Daemon;

/// <summary>The unix socket's chown= through chown(2).</summary>
internal sealed class SocketFileOwner : ISocketFileOwner
{
    public bool TryChown(string path, int uid, int gid) => FileOwner.Chown(path, uid, gid) == 0;
}
