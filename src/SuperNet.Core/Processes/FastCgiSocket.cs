using System.Runtime.InteropServices;
using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;

namespace SuperNet.Core.Processes;

/// <summary>
/// The socket an [fcgi-program:x] group shares as every process's fd 0. As supervisord's socket manager it is
/// counted: it exists while some spawn of the group holds it, and is made again by the next spawn after the
/// last holder exited. Owner thread only.
/// </summary>
public sealed class FastCgiSocket(FastCgiOptions options, IFastCgiSocketFactory factory, IMainLog log)
{
    private SafeHandle? handle;
    private int holders;

    public string Url => options.Socket;

    /// <summary>
    /// supervisord makes the socket once when the group is created, to fail early, and closes it at once: the
    /// group holds no reference of its own. Throws <see cref="FastCgiSocketException"/> with supervisord's text.
    /// </summary>
    internal void Probe()
    {
        try
        {
            Acquire();
        }
        catch (FastCgiSocketException e)
        {
            throw new FastCgiSocketException($"Could not create FastCGI socket {Url}: {e.Message}");
        }
        Release();
    }

    /// <summary>Before a spawn: the socket for the child's fd 0, made now if no process holds it.</summary>
    internal SafeHandle Acquire()
    {
        if (handle is null)
        {
            log.Log(LogLevel.Info, $"Creating socket {Url}");
            handle = factory.Listen(options);
        }
        holders++;
        return handle;
    }

    /// <summary>After a failed spawn or the exit of a holder; the last one closes the socket.</summary>
    internal void Release()
    {
        if (holders == 0 || --holders > 0)
        {
            return;
        }
        log.Log(LogLevel.Info, $"Closing socket {Url}");
        handle?.Dispose();
        handle = null;
    }
}
