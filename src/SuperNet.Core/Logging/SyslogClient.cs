using System.Globalization;
using System.Net.Sockets;
using System.Text;
using SuperNet.Core.Config;

namespace SuperNet.Core.Logging;

/// <summary>
/// Sends messages to the local syslog socket the way glibc's syslog(3) does with no openlog options:
/// facility user, priority info, ident = program name. Without a listening /dev/log they are dropped.
/// Unlike syslog(3), a send never waits: a reader that stopped taking datagrams (its queue full) would otherwise
/// hold up the supervisor thread (logfile=syslog) or the output pump (*_syslog) for good. What such a socket
/// refuses is dropped and counted, and the count is the first message sent once it takes one again.
/// </summary>
public sealed class SyslogClient : IDisposable
{
    private const int UserInfoPriority = 14;
    private readonly string socketPath;
    private readonly string ident;
    private readonly TimeProvider time;
    private readonly Lock gate = new();
    private Socket? socket;
    private long dropped;

    public SyslogClient(TimeProvider? time = null, string socketPath = "/dev/log", string? ident = null)
    {
        this.time = time ?? TimeProvider.System;
        this.socketPath = socketPath;
        this.ident = ident ?? Path.GetFileName(Environment.ProcessPath) ?? "supervisord";
    }

    public void Send(string message)
    {
        lock (gate)
        {
            if (dropped > 0 && TrySend(DropReport()) == SocketError.Success)
            {
                dropped = 0;
            }
            if (dropped > 0 || TrySend(message) == SocketError.WouldBlock)
            {
                // Behind an unsent report, a message would make the count wrong for the reader: it waits its turn.
                dropped++;
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

    private string DropReport() => MainLogLine.Format(time.GetLocalNow(), LogLevel.Warn,
        $"syslog ({socketPath}) caught up after dropping {dropped} messages: its reader took none while its queue was full").TrimEnd('\n');

    private SocketError TrySend(string message)
    {
        var now = time.GetLocalNow();
        // glibc's "%h %e %T": the day of month is space-padded.
        string stamp = string.Create(CultureInfo.InvariantCulture,
            $"{now.ToString("MMM", CultureInfo.InvariantCulture)} {now.Day,2} {now:HH:mm:ss}");
        byte[] datagram = Encoding.UTF8.GetBytes($"<{UserInfoPriority}>{stamp} {ident}: {message}");
        try
        {
            socket ??= Connect();
        }
        catch (SocketException)
        {
            // No syslog daemon (the usual case in a container): drop, as syslog(3) does, and try again next time.
            return SocketError.NotConnected;
        }
        socket.Send(datagram, SocketFlags.None, out var error);
        if (error is not SocketError.Success and not SocketError.WouldBlock)
        {
            // The reader went away (a restarted syslog daemon binds a new socket): reconnect next time.
            socket.Dispose();
            socket = null;
        }
        return error;
    }

    private Socket Connect()
    {
        var s = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        try
        {
            s.Connect(new UnixDomainSocketEndPoint(socketPath));
            s.Blocking = false;
            return s;
        }
        catch
        {
            s.Dispose();
            throw;
        }
    }
}
