using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SuperNet.Core.Logging;

/// <summary>
/// Sends messages to the local syslog socket the way glibc's syslog(3) does with no openlog options:
/// facility user, priority info, ident = program name. Without a listening /dev/log they are dropped.
/// </summary>
public sealed class SyslogClient : IDisposable
{
    private const int UserInfoPriority = 14;
    private readonly string socketPath;
    private readonly string ident;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private Socket? socket;

    public SyslogClient(TimeProvider? time = null, string socketPath = "/dev/log", string? ident = null)
    {
        this.time = time ?? TimeProvider.System;
        this.socketPath = socketPath;
        this.ident = ident ?? Path.GetFileName(Environment.ProcessPath) ?? "supervisord";
    }

    public void Send(string message)
    {
        var now = time.GetLocalNow();
        // glibc's "%h %e %T": the day of month is space-padded.
        string stamp = string.Create(CultureInfo.InvariantCulture,
            $"{now.ToString("MMM", CultureInfo.InvariantCulture)} {now.Day,2} {now:HH:mm:ss}");
        byte[] datagram = Encoding.UTF8.GetBytes($"<{UserInfoPriority}>{stamp} {ident}: {message}");
        lock (gate)
        {
            try
            {
                socket ??= Connect();
                socket.Send(datagram);
            }
            catch (SocketException)
            {
                // No syslog daemon (the usual case in a container): drop, and try again next time.
                socket?.Dispose();
                socket = null;
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            socket?.Dispose();
            socket = null;
        }
    }

    private Socket Connect()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(socketPath));
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }
}
