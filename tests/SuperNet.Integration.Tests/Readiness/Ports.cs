using System.Net;
using System.Net.Sockets;

namespace SuperNet.Integration.Tests.Readiness;

internal static class Ports
{
    /// <summary>A loopback port the OS just handed out and that is free again (the child binds it later).</summary>
    public static int Free()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
