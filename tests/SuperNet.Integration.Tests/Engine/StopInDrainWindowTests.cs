using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// A stop that arrives right after the child was reaped while a grandchild still holds its output pipe. supervisord
/// has finished that exit when it reaps, so the stop finds the program EXITED: NOT_RUNNING, nothing signalled.
/// supernetd holds such an exit until the pump has read the pipes (IOutputPump.Drain, at most 1 s): a stop inside
/// that hold answered OK and ended STOPPED ("stopped: a"), its group signal refused (ESRCH, pid collected). The
/// hold is now usually too short to hit from here; HeldExitCommandTests keeps it open deterministically.
/// </summary>
public sealed class StopInDrainWindowTests
{
    [Theory]
    [InlineData(Implementation.Supervisord)]
    [InlineData(Implementation.SuperNet)]
    public void A_stop_right_after_the_reap_finds_the_exit(Implementation implementation)
    {
        using var run = SupervisorRun.Start(implementation, """
            [program:a]
            command=/bin/sh -c '/bin/sleep 600 & echo $! > {DIR}/grandchild.pid; wait'
            startsecs=0
            autorestart=false
            stopasgroup=true
            killasgroup=true
            """);
        run.WaitForLog("success: a entered RUNNING state");
        var pid = int.Parse(run.Ctl("pid", "a").Output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var grandchildFile = run.Dir.File("grandchild.pid");
        var grandchild = int.Parse(Wait.For(() => File.Exists(grandchildFile) && File.ReadAllText(grandchildFile).EndsWith('\n')
            ? File.ReadAllText(grandchildFile) : null, "the grandchild's pid").Trim(), System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var body = Encoding.ASCII.GetBytes("<?xml version='1.0'?><methodCall><methodName>supervisor.stopProcess</methodName>"
                + "<params><param><value><string>a</string></value></param></params></methodCall>");
            byte[] request = [.. Encoding.ASCII.GetBytes($"POST /RPC2 HTTP/1.0\r\nContent-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n"), .. body];
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(run.SocketPath));
            socket.ReceiveTimeout = 30_000;
            // All but the last byte now, so the stop follows the reap within a millisecond or two.
            socket.Send(request.AsSpan(0, request.Length - 1));
            Assert.Equal(0, Native.kill(pid, 9));
            // A zombie keeps its /proc entry: the entry goes when the daemon reaps the child.
            var clock = Stopwatch.StartNew();
            while (Directory.Exists($"/proc/{pid}"))
            {
                Assert.True(clock.Elapsed < Wait.Default, $"pid {pid} was never reaped");
                Thread.Yield();
            }
            socket.Send(request.AsSpan(request.Length - 1));
            var reply = ReadToEnd(socket);

            Assert.True(reply.Contains("NOT_RUNNING: a", StringComparison.Ordinal), reply + "\n" + run.Diagnostics());
            run.WaitForLog("exited: a (terminated by SIGKILL; not expected)");
            Assert.Contains("EXITED", run.Ctl("status", "a").Output);
            Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("stopped: a", StringComparison.Ordinal));
            // Nothing was signalled: the grandchild lives on, as under supervisord.
            Assert.True(Directory.Exists($"/proc/{grandchild}"), "the grandchild was signalled");
        }
        finally
        {
            Native.kill(grandchild, 9);
        }
    }

    private static string ReadToEnd(Socket socket)
    {
        var all = new MemoryStream();
        var buffer = new byte[4096];
        int n;
        while ((n = socket.Receive(buffer)) > 0)
        {
            all.Write(buffer, 0, n);
        }
        return Encoding.UTF8.GetString(all.ToArray());
    }
}
