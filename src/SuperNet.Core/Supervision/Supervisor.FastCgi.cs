using SuperNet.Core.Config;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Supervision;

public sealed partial class Supervisor
{
    /// <summary>
    /// The shared socket of an [fcgi-program:x] group, made and closed once now as supervisord does to fail
    /// early (a <see cref="Os.FastCgiSocketException"/> names the socket); null for other groups.
    /// </summary>
    private FastCgiSocket? FastCgiSocketFor(GroupConfig group)
    {
        if (group.Kind != GroupKind.FastCgi || group.FastCgi is not { } options)
        {
            return null;
        }
        var factory = services.FastCgiSockets
            ?? throw new InvalidOperationException($"no FastCGI socket factory for [fcgi-program:{group.Name}]");
        var socket = new FastCgiSocket(options, factory, Log);
        socket.Probe();
        return socket;
    }
}
