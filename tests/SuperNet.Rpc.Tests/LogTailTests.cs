using System.Text;
using SuperNet.Rpc.Tests.Support;

namespace SuperNet.Rpc.Tests;

/// <summary>/logtail and /mainlogtail streaming (contract §7.1) with raw HTTP and the real supervisorctl.</summary>
public sealed class LogTailTests : OracleServerTest
{
    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task Http11GetsChunksAsTheFileGrows(string transport)
    {
        using var socket = RawHttp.Connect(Server[transport]);
        // The stock tail client's request, stray CRLF included.
        await socket.SendAsync("GET /logtail/sleeper HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\nUser-agent: Supervisor HTTP Client\r\n\r\n\r\n"u8.ToArray());
        var received = new StringBuilder();
        async Task WaitFor(string text)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            var buffer = new byte[8192];
            while (!received.ToString().Contains(text, StringComparison.Ordinal))
            {
                var n = await socket.ReceiveAsync(buffer, cts.Token);
                Assert.True(n > 0, "server closed the stream: " + received);
                received.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }
        }

        await WaitFor("0123456789abcdefghij\n\r\n");
        var head = received.ToString();
        Assert.StartsWith("HTTP/1.1 200 OK\r\n", head);
        Assert.Contains("Transfer-Encoding: chunked\r\n", head);
        Assert.Contains("Content-Type: text/plain;charset=utf-8\r\n", head);
        Assert.Contains("X-Accel-Buffering: no\r\n", head);
        Assert.Contains("\r\n15\r\n0123456789abcdefghij\n\r\n", head);

        File.AppendAllText(Dir.File("sleeper.log"), "more\n");
        await WaitFor("\r\n5\r\nmore\n\r\n");

        File.WriteAllText(Dir.File("sleeper.log"), "new\n");
        await WaitFor("==> File truncated <==\n");
        await WaitFor("new\n");
    }

    [Fact]
    public async Task OnlyTheLast1024BytesComeFirst()
    {
        File.WriteAllText(Dir.File("sleeper.log"), new string('a', 5000) + new string('b', 1024));
        using var socket = RawHttp.Connect(Server.Unix);
        await socket.SendAsync("GET /logtail/sleeper/stdout HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var received = new StringBuilder();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var buffer = new byte[8192];
        while (!received.ToString().Contains(new string('b', 1024), StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, cts.Token);
            Assert.True(n > 0);
            received.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
        Assert.DoesNotContain("a", received.ToString().Split("\r\n\r\n", 2)[1]);
    }

    [Fact]
    public async Task SupervisorctlTailFollows()
    {
        var conf = Dir.File("ctl.conf");
        File.WriteAllText(conf, $"[supervisorctl]\nserverurl=unix://{Dir.File("sv.sock")}\n");
        using var tail = new StreamingProcess("/usr/bin/supervisorctl", ["-c", conf, "tail", "-f", "sleeper"]);
        await tail.WaitForAsync("==> Press Ctrl-C to exit <==");
        await tail.WaitForAsync("0123456789abcdefghij\n");
        File.AppendAllText(Dir.File("sleeper.log"), "followed line\n");
        await tail.WaitForAsync("followed line\n");
    }

    [Fact]
    public async Task SupervisorctlTailFollowsStderrAndTheMainLog()
    {
        var conf = Dir.File("ctl.conf");
        File.WriteAllText(conf, $"[supervisorctl]\nserverurl=unix://{Dir.File("sv.sock")}\n");
        File.WriteAllText(Dir.File("web_00.err"), "err line\n");
        using (var tail = new StreamingProcess("/usr/bin/supervisorctl", ["-c", conf, "tail", "-f", "web:web_00", "stderr"]))
        {
            await tail.WaitForAsync("err line\n");
        }
        using var main = new StreamingProcess("/usr/bin/supervisorctl", ["-c", conf, "maintail", "-f"]);
        await main.WaitForAsync("supervisord started\n");
        File.AppendAllText(Dir.File("supervisord.log"), "2026-11-27 08:00:01,000 INFO later\n");
        await main.WaitForAsync("INFO later\n");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ATailEndsWhenItsClientLeaves(bool strayCrlfSentLater)
    {
        using (var socket = RawHttp.Connect(Server.Unix))
        {
            await socket.SendAsync("GET /logtail/sleeper HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\n\r\n"u8.ToArray());
            var buffer = new byte[8192];
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            Assert.True(await socket.ReceiveAsync(buffer, cts.Token) > 0);
            if (strayCrlfSentLater)
            {
                // The answer has begun, so the server's watching receive is pending: it gets the CRLF alone.
                await socket.SendAsync("\r\n"u8.ToArray());
            }
            Assert.Equal(1, Server.Server.OpenConnections);
        }
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (Server.Server.OpenConnections > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the tail went on after its client left");
            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task StreamsEndWhenTheServerStops()
    {
        using var socket = RawHttp.Connect(Server.Unix);
        await socket.SendAsync("GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n"u8.ToArray());
        var buffer = new byte[8192];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        Assert.True(await socket.ReceiveAsync(buffer, cts.Token) > 0);
        await Server.Server.StopAsync(cts.Token);
        int n;
        do
        {
            n = await socket.ReceiveAsync(buffer, cts.Token);
        }
        while (n > 0);
        Assert.False(File.Exists(Dir.File("sv.sock")));
    }
}
