using System.Net.Sockets;
using System.Text;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>/readyz and /healthz on a TCP server with credentials: the same Basic auth as every URL.</summary>
public sealed class HealthEndpointTests
{
    private static string Get(int port, string path, string? credentials = null)
    {
        using var client = new TcpClient("127.0.0.1", port);
        var auth = credentials is null ? "" : $"Authorization: Basic {Convert.ToBase64String(Encoding.ASCII.GetBytes(credentials))}\r\n";
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n{auth}\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return reader.ReadToEnd();
    }

    [Fact]
    public void Readyz_answers_503_until_ready_then_200_and_healthz_200_all_under_auth()
    {
        var port = Ports.Free();
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [inet_http_server]
            port=127.0.0.1:{port}
            username=user
            password=123

            [program:svc]
            command={"{HELPER}"} signals
            ready=exec:test -f {"{DIR}"}/ready
            ready_interval=0.2
            startsecs=0

            [program:manual]
            command={"{HELPER}"} signals
            autostart=false
            """);
        run.WaitForLog("spawned: 'svc'");
        Wait.Until(() => { try { return Get(port, "/healthz").Length > 0; } catch (SocketException) { return false; } }, "the TCP server");
        Assert.StartsWith("HTTP/1.1 401", Get(port, "/readyz"));
        Assert.StartsWith("HTTP/1.1 401", Get(port, "/healthz"));

        // The "spawned" line is logged inside the loop's message; the view /readyz reads is published at its end,
        // so an answer in between lists svc as STOPPED. Every answer must still be a whole 503 naming svc.
        var answers = new List<string>();
        Wait.Until(() =>
        {
            answers.Add(Get(port, "/readyz", "user:123"));
            return answers[^1].Contains("\r\n\r\nsvc STARTING", StringComparison.Ordinal);
        }, "/readyz to list svc as STARTING");
        Assert.All(answers, a => Assert.Matches(@"^HTTP/1\.1 503 Service Unavailable\r\n[\s\S]*\r\n\r\nsvc (STOPPED|STARTING)[^\n]*\n$", a));
        var notReady = answers[^1];
        Assert.StartsWith("HTTP/1.1 503 Service Unavailable", notReady);
        Assert.Contains("\r\n\r\nsvc STARTING", notReady);
        Assert.DoesNotContain("manual", notReady);
        Assert.StartsWith("HTTP/1.1 200", Get(port, "/healthz", "user:123"));

        File.WriteAllText(run.Dir.File("ready"), "");
        run.WaitForLog("success: svc entered RUNNING state, process is ready");
        // Published at the end of the turn that logged it, as above: an answer in between is still the 503.
        var ready = Wait.For(() => Get(port, "/readyz", "user:123") is var answer && !answer.StartsWith("HTTP/1.1 503", StringComparison.Ordinal)
            ? answer : null, "/readyz past svc's ready line");
        Assert.StartsWith("HTTP/1.1 200", ready);
        Assert.EndsWith("\r\n\r\nok\n", ready);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
