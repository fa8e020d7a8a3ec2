using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;
using SuperNet.Testing;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// The published supernetd under a flood of more connections than its limit (ServerLimits.MaxConnections, 256),
/// each holding a 30 KB unfinished head: it holds no more than the limit (each new one closes the one waiting
/// longest), and supervisorctl is answered while the flood is held, without waiting for the heads' time limit.
/// </summary>
public sealed class ConnectionFloodTests
{
    private const int Limit = 256;
    private const int Flood = Limit + 100;

    private static byte[] UnfinishedHead()
    {
        var head = new StringBuilder("GET / HTTP/1.1\r\nHost: x\r\n");
        for (var i = 0; head.Length < 30_000; i++)
        {
            head.Append($"X-Pad-{i:D5}: {new string('a', 80)}\r\n");
        }
        return Encoding.ASCII.GetBytes(head.ToString());
    }

    private static int Sockets(int pid) => Directory.GetFiles($"/proc/{pid}/fd")
        .Count(fd => new FileInfo(fd).LinkTarget?.StartsWith("socket:", StringComparison.Ordinal) == true);

    /// <summary>The server closed it: readable with nothing to read (end of file), or reset.</summary>
    private static bool ClosedByServer(Socket socket)
    {
        try
        {
            return socket.Poll(0, SelectMode.SelectRead) && socket.Receive(new byte[1]) == 0;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    [Fact]
    public void A_flood_beyond_the_limit_is_held_to_it_and_supervisorctl_is_answered_during_it()
    {
        const string config = """
            [program:steady]
            command={HELPER} signals
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: steady ");
        var pid = run.DaemonPid;
        var baseline = Sockets(pid);
        var head = UnfinishedHead();

        var flood = new List<Socket>();
        try
        {
            for (var i = 0; i < Flood; i++)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                flood.Add(socket);
                socket.Connect(new UnixDomainSocketEndPoint(run.SocketPath));
                try
                {
                    // The socket's buffer takes it whole, read or not.
                    socket.Send(head);
                }
                catch (SocketException)
                {
                    // Closed for room already: that is the point.
                }
            }
            run.WaitForLog($"HTTP server reached its limit of {Limit} connections: closing the one waiting longest for a request");
            Wait.Until(() => Sockets(pid) <= baseline + Limit, $"the daemon to hold at most {Limit} connections (it holds {Sockets(pid) - baseline})");

            var (code, output) = run.Ctl("status");
            Assert.True(code == 0, output);
            Assert.Contains("RUNNING", output);
            var closed = flood.Count(ClosedByServer);
            Assert.InRange(closed, Flood - Limit, Flood);
        }
        finally
        {
            flood.ForEach(s => s.Dispose());
        }
        var ended = run.WaitForLog($"HTTP server is below its limit of {Limit} connections again (");
        Assert.Matches(@"\(\d+ closed to make room, 0 refused\)$", ended.Message);
        Assert.Equal(1, run.Log().Count(l => l.Message.Contains("HTTP server reached its limit", StringComparison.Ordinal)));
        Wait.Until(() => Sockets(pid) == baseline, "the daemon's sockets to return to their baseline");
    }
}
