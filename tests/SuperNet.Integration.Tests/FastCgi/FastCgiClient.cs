using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SuperNet.Integration.Tests.FastCgi;

/// <summary>One FastCGI responder request (BEGIN_REQUEST, empty PARAMS and STDIN); returns the STDOUT stream's text.</summary>
public static class FastCgiClient
{
    private const byte BeginRequest = 1, EndRequest = 3, Params = 4, Stdin = 5, Stdout = 6;

    public static string Request(EndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream,
            endpoint is UnixDomainSocketEndPoint ? ProtocolType.Unspecified : ProtocolType.Tcp);
        socket.ReceiveTimeout = 20_000;
        socket.Connect(endpoint);
        // Role 1 = responder, flags 0 = close the connection when done.
        socket.Send([.. Record(BeginRequest, [0, 1, 0, 0, 0, 0, 0, 0]), .. Record(Params, []), .. Record(Stdin, [])]);
        var output = new StringBuilder();
        while (true)
        {
            var header = Receive(socket, 8);
            var length = (header[4] << 8) | header[5];
            var content = Receive(socket, length + header[6]);
            if (header[1] == Stdout)
            {
                output.Append(Encoding.UTF8.GetString(content, 0, length));
            }
            else if (header[1] == EndRequest)
            {
                return output.ToString();
            }
        }
    }

    private static byte[] Record(byte type, byte[] content) =>
        [1, type, 0, 1, (byte)(content.Length >> 8), (byte)content.Length, 0, 0, .. content];

    private static byte[] Receive(Socket socket, int count)
    {
        var buffer = new byte[count];
        for (var read = 0; read < count;)
        {
            var n = socket.Receive(buffer, read, count - read, SocketFlags.None);
            if (n == 0)
            {
                throw new IOException("the responder closed the connection early");
            }
            read += n;
        }
        return buffer;
    }
}
