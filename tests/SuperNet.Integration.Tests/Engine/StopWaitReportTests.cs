using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// "waiting for x to stop" belongs to a waiting stopProcess: supervisord logs it from the request's deferred answer,
/// so it stops once the caller has gone (its channel closes and the deferred is dropped). The process still stops.
/// </summary>
public sealed class StopWaitReportTests
{
    // Five seconds from SIGTERM to exit: two more report periods of 2 s, had the caller stayed.
    private const string Program = """
        [program:slow]
        command=/usr/bin/python3 -c "import signal, sys, time; signal.signal(15, lambda *a: (time.sleep(5), sys.exit(0))); print('ready', flush=True); time.sleep(1000)"
        startsecs=0
        stdout_logfile={DIR}/slow.out
        """;

    private const string StopCall =
        "<?xml version='1.0'?><methodCall><methodName>supervisor.stopProcess</methodName><params>" +
        "<param><value><string>slow</string></value></param><param><value><boolean>1</boolean></value></param></params></methodCall>";

    /// <summary>supernetd went on logging the line every 2 s until the process stopped, with nobody waiting.</summary>
    [Fact]
    public void A_caller_that_leaves_ends_the_waiting_lines_as_supervisord_does()
    {
        using var runs = new SideBySide(Program);
        runs.WaitForLog("success: slow ");
        foreach (var run in runs.Both)
        {
            Wait.Until(() => File.Exists(run.Dir.File("slow.out")) && File.ReadAllText(run.Dir.File("slow.out")).Contains("ready"),
                $"slow ready under {run.Implementation}");
            using (var caller = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
            {
                caller.Connect(new UnixDomainSocketEndPoint(run.SocketPath));
                var body = Encoding.ASCII.GetBytes(StopCall);
                caller.Send(Encoding.ASCII.GetBytes(
                    $"POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: {body.Length}\r\n\r\n"));
                caller.Send(body);
                // Leaves once the stop has begun and been reported, long before the child's exit.
                run.WaitForLog("waiting for slow to stop");
            }
            run.WaitForLog("stopped: slow ", TimeSpan.FromSeconds(30));
        }
        List<string> Lines(SupervisorRun run) => [.. run.Log().Select(Normalize.Line)
            .Where(l => l.Contains(" waiting for ", StringComparison.Ordinal) || l.Contains(" stopped: ", StringComparison.Ordinal))];
        var expected = Lines(runs.Oracle);
        Assert.Equal(["INFO waiting for slow to stop", "INFO stopped: slow (exit status 0)"], expected);
        Assert.Equal(expected, Lines(runs.Ours));
    }
}
