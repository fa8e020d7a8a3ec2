using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

/// <summary>Children for the readiness tests: sd_notify, s6 notification fd, TCP/HTTP listeners that open late.</summary>
internal static class ProbeModes
{
    /// <summary>After DELAY seconds sends "STATUS=TEXT\nREADY=1" to $NOTIFY_SOCKET, prints "notified", then sleeps until killed.</summary>
    public static int Notify(string delay, string status)
    {
        Pause(delay);
        var path = Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
        if (string.IsNullOrEmpty(path))
        {
            Console.Error.WriteLine("NOTIFY_SOCKET is not set");
            return 3;
        }
        using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        socket.SendTo(Encoding.UTF8.GetBytes($"STATUS={status}\nREADY=1\n"), new UnixDomainSocketEndPoint(path));
        Console.Out.WriteLine("notified");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>After DELAY seconds writes a newline to fd FD (s6's notification-fd), prints "notified", sleeps until killed.</summary>
    public static int NotifyFd(int fd, string delay)
    {
        Pause(delay);
        using var stream = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true), FileAccess.Write);
        stream.Write("\n"u8);
        stream.Flush();
        Console.Out.WriteLine("notified");
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }

    /// <summary>After DELAY seconds listens on 127.0.0.1:PORT, prints "listening", accepts and closes connections until killed.</summary>
    public static int ListenTcp(int port, string delay)
    {
        Pause(delay);
        using var listener = Listen(port);
        while (true)
        {
            using var client = listener.Accept();
        }
    }

    /// <summary>After DELAY seconds serves HTTP on 127.0.0.1:PORT, answering every request with STATUS (e.g. 200, 503).</summary>
    public static int ListenHttp(int port, string delay, int status)
    {
        Pause(delay);
        using var listener = Listen(port);
        var buffer = new byte[4096];
        while (true)
        {
            using var client = listener.Accept();
            client.ReceiveTimeout = 5000;
            try
            {
                client.Receive(buffer);
                client.Send(Encoding.ASCII.GetBytes($"HTTP/1.1 {status} Status {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"));
            }
            catch (SocketException)
            {
                // A probe that gave up: serve the next one.
            }
        }
    }

    /// <summary>Runs for SECONDS, then exits with CODE (a program that fails on demand).</summary>
    public static int FailAfter(string seconds, int code)
    {
        Pause(seconds);
        Console.Out.WriteLine($"failing with {code}");
        return code;
    }

    private static Socket Listen(int port)
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
        listener.Listen(16);
        Console.Out.WriteLine("listening");
        return listener;
    }

    /// <summary>
    /// A number of seconds, or an absolute path to wait for: a test that must act while the child is not ready yet
    /// holds the gate shut for as long as it needs, where any fixed delay can run out first on a loaded machine.
    /// </summary>
    private static void Pause(string delay)
    {
        if (!delay.StartsWith('/'))
        {
            Thread.Sleep(TimeSpan.FromSeconds(double.Parse(delay, CultureInfo.InvariantCulture)));
            return;
        }
        while (!File.Exists(delay))
        {
            Thread.Sleep(20);
        }
    }
}
