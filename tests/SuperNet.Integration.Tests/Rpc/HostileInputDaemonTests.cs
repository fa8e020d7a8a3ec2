using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// Issue 3's hostile inputs against the real supernetd: after every one the daemon still answers, its programs
/// keep running, and its peak memory stays bounded (nothing hostile is buffered or expanded).
/// </summary>
public sealed class HostileInputDaemonTests
{
    private const long MaxPeakKiB = 128 * 1024;

    private static byte[] Post(string body) =>
        Encoding.UTF8.GetBytes($"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n\r\n{body}");

    private static string BillionLaughs()
    {
        var doc = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i <= 9; i++)
        {
            doc.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }
        return doc.Append("]><methodCall><methodName>&lol9;</methodName></methodCall>").ToString();
    }

    private static string Nested(int depth) =>
        "<methodCall><methodName>supervisor.getState</methodName><params><param><value>" +
        string.Concat(Enumerable.Repeat("<array><data><value>", depth)) + string.Concat(Enumerable.Repeat("</value></data></array>", depth)) +
        "</value></param></params></methodCall>";

    /// <summary>Sends raw bytes on the unix socket and returns the status line ("" if the server closed first).</summary>
    private static string Exchange(string socketPath, byte[] request, int streamedMegabytes = 0)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        socket.ReceiveTimeout = 20_000;
        try
        {
            socket.Send(request);
            var chunk = new byte[1 << 20];
            for (var i = 0; i < streamedMegabytes; i++)
            {
                socket.Send(chunk);
            }
        }
        catch (SocketException)
        {
            // The server answered (413) and closed while the body was still coming: that is the point.
        }
        var buffer = new byte[4096];
        try
        {
            var n = socket.Receive(buffer);
            return Encoding.ASCII.GetString(buffer, 0, n).Split("\r\n")[0];
        }
        catch (SocketException)
        {
            return "";
        }
    }

    private static long PeakKiB(int pid) => long.Parse(ProcessTree.StatusField(pid, "VmHWM")!.Split(' ')[0]);

    [Fact]
    public void HostileRequestsLeaveTheDaemonUpAndItsMemoryBounded()
    {
        const string config = """
            [program:steady]
            command={HELPER} signals
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: steady ");
        var socket = run.SocketPath;
        var hugeHead = Encoding.ASCII.GetBytes("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 104857600\r\n\r\n");

        for (var round = 0; round < 3; round++)
        {
            Assert.StartsWith("HTTP/1.1 400", Exchange(socket, Post("<methodCall><methodName>supervisor.getState")));
            Assert.StartsWith("HTTP/1.1 400", Exchange(socket, Post("""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><methodCall><methodName>&x;</methodName></methodCall>""")));
            Assert.StartsWith("HTTP/1.1 400", Exchange(socket, Post(BillionLaughs())));
            Assert.StartsWith("HTTP/1.1 400", Exchange(socket, Post(Nested(10_000))));
            Assert.StartsWith("HTTP/1.0 400", Exchange(socket, "GET /RPC2 HTTP/1.0\r\n\r\n"u8.ToArray()));
            var huge = Exchange(socket, hugeHead, streamedMegabytes: 100);
            Assert.True(huge is "" || huge.StartsWith("HTTP/1.1 413", StringComparison.Ordinal), huge);
        }

        var (code, output) = run.Ctl("status");
        Assert.Equal(0, code);
        Assert.Contains("RUNNING", output);
        Assert.InRange(PeakKiB(run.DaemonPid), 1, MaxPeakKiB);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
