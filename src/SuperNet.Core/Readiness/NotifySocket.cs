using System.Net.Sockets;
using System.Text;

namespace SuperNet.Core.Readiness;

/// <summary>
/// ready=notify: a datagram socket per spawn, named in the child's NOTIFY_SOCKET, read on the thread pool.
/// Each datagram's KEY=VALUE lines go to the owner thread. Sender credentials are not checked: the socket
/// lives in a directory only the daemon's user can enter, made fresh by this daemon.
/// </summary>
internal sealed class NotifySocket : IDisposable
{
    private static int counter;
    private static readonly Lock FolderLock = new();
    // Made by mkdtemp: the pid alone is not unique (every container's daemon is PID 1, and containers may
    // share a TMPDIR), and a directory made fresh is one nobody else can have prepared.
    private static string? folder;
    private readonly Socket socket;
    private volatile bool disposed;

    /// <exception cref="NotifySocketException">The directory or the socket cannot be made (a read-only /tmp).</exception>
    public NotifySocket(IProbeHost host, Action<IReadOnlyList<KeyValuePair<string, string>>> received)
    {
        try
        {
            Path = System.IO.Path.Combine(Folder(), Interlocked.Increment(ref counter) + ".sock");
            File.Delete(Path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A container started with --read-only and no tmpfs on /tmp ends here: say where and how to fix it.
            throw new NotifySocketException(
                $"couldn't make a directory for its NOTIFY_SOCKET (ready=notify) in {System.IO.Path.GetTempPath().TrimEnd('/')} (set TMPDIR to a writable directory): {e.Message}", e);
        }
        socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            socket.Bind(new UnixDomainSocketEndPoint(Path));
        }
        catch (Exception e)
        {
            socket.Dispose();
            throw new NotifySocketException($"couldn't bind its NOTIFY_SOCKET (ready=notify) {Path}: {e.Message}", e);
        }
        _ = Task.Run(() => Receive(host, received));
    }

    public string Path { get; }

    private async Task Receive(IProbeHost host, Action<IReadOnlyList<KeyValuePair<string, string>>> received)
    {
        var buffer = new byte[4096];
        while (!disposed)
        {
            int n;
            try
            {
                n = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }
            var fields = Parse(Encoding.UTF8.GetString(buffer, 0, n));
            host.Post(() =>
            {
                if (!disposed)
                {
                    received(fields);
                }
            });
        }
    }

    /// <summary>sd_notify's newline-separated KEY=VALUE assignments; lines without '=' are ignored, as systemd does.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string text) =>
        [.. text.Split('\n').Where(l => l.Contains('=', StringComparison.Ordinal))
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf('=')], l[(l.IndexOf('=') + 1)..]))];

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }
        disposed = true;
        socket.Dispose();
        try
        {
            File.Delete(Path);
        }
        catch (IOException)
        {
            // Another daemon's cleanup or a read-only /tmp: a stale socket file is harmless.
        }
    }

    /// <summary>At the end of a generation: the directory goes once its sockets have (a later spawn makes it again).</summary>
    public static void DeleteDirectoryIfEmpty()
    {
        lock (FolderLock)
        {
            if (folder is null)
            {
                return;
            }
            try
            {
                Directory.Delete(folder);
                folder = null;
            }
            catch (DirectoryNotFoundException)
            {
                folder = null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Not empty: another generation's socket is still in use.
            }
        }
    }

    private static string Folder()
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("ready=notify needs Unix domain sockets");
        }
        lock (FolderLock)
        {
            if (folder is null || !Directory.Exists(folder))
            {
                folder = Directory.CreateTempSubdirectory($"supernetd-{Environment.ProcessId}-notify-").FullName;
            }
            return folder;
        }
    }
}

/// <summary>ready=notify could not set up its socket: the spawn fails with this message as its spawnerr.</summary>
internal sealed class NotifySocketException(string message, Exception inner) : IOException(message, inner);
