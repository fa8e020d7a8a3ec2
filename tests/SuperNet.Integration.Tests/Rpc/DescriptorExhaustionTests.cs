using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;
using SuperNet.Testing;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// The published supernetd with its descriptors all in use (its RLIMIT_NOFILE lowered under it with prlimit):
/// connections beyond the limit wait in the listen backlog, the listener pauses instead of spinning on EMFILE,
/// says why in the main log once per streak (not at every retry), and serves every waiting client once descriptors
/// are free again.
/// </summary>
public sealed class DescriptorExhaustionTests
{
    private const string GetStateBody =
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState</methodName>\n<params>\n</params>\n</methodCall>\n";

    private static readonly byte[] GetState = Encoding.ASCII.GetBytes(
        $"POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: {GetStateBody.Length}\r\n\r\n{GetStateBody}");

    private const string Starved = "HTTP server could not accept a connection: accept4: EMFILE";

    private static string Answer(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            received.AddRange(buffer.AsSpan(0, n));
        }
        return Encoding.ASCII.GetString([.. received]);
    }

    [Fact]
    public void Connections_beyond_the_descriptor_limit_wait_and_are_served_when_descriptors_free_up()
    {
        const string config = """
            [program:steady]
            command={HELPER} signals
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: steady ");
        var pid = run.DaemonPid;
        var open = Directory.GetFiles($"/proc/{pid}/fd").Length;
        // Room for three more descriptors: the fourth connection finds none.
        var limit = open + 3;
        var (code, output) = SupervisorRun.Run("prlimit", [$"--pid={pid}", $"--nofile={limit}:{limit}"]);
        Assert.True(code == 0, output);

        var held = new List<Socket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                // Connected (the kernel's backlog takes it) but silent: each one accepted holds a descriptor.
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Connect(new UnixDomainSocketEndPoint(run.SocketPath));
                held.Add(socket);
            }
            run.WaitForLog(Starved);
            // The listener retries every 0.1 s while starved; a quiet log over a window of retries is the only sign
            // that it neither spins nor says each retry (ten lines a second for as long as the descriptors are short).
            Wait.Throughout(() => run.Log().Count(l => l.Message.Contains(Starved, StringComparison.Ordinal)) is var starved and not 1
                ? $"{starved} failed accepts logged in one streak:\n{run.Diagnostics()}"
                : null, TimeSpan.FromSeconds(1.5));
            Assert.False(run.HasExited, run.Diagnostics());

            // Every held client asks now; the first three are answered, their descriptors freed, and so on down the backlog.
            foreach (var socket in held)
            {
                socket.Send(GetState);
                socket.ReceiveTimeout = 60_000;
            }
            foreach (var socket in held)
            {
                Assert.Contains("<int>1</int>", Answer(socket));
            }
        }
        finally
        {
            held.ForEach(s => s.Dispose());
        }
        Assert.Equal(1, run.Log().Count(l => l.Message.Contains("success: steady ", StringComparison.Ordinal)));
        // The streak's end is said too (each freed descriptor may end one streak and begin the next).
        var recovered = run.WaitForLog("HTTP server accepts connections again (");
        Assert.Matches(@"^HTTP server accepts connections again \(\d+ attempts failed\)$", recovered.Message);
    }
}
