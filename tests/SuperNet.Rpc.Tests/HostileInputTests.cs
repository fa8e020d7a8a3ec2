using System.Text;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests;

/// <summary>Issue 3's hostile inputs on both transports: each gets supervisord's answer or a clean error, and the server stays up.</summary>
public sealed class HostileInputTests : OracleServerTest
{
    private Task<RawHttp.Reply> Send(string transport, byte[] request) => RawHttp.SendAsync(Server[transport], request);

    private async Task AssertStillServing(string transport)
    {
        var reply = await Send(transport, RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", []))));
        Assert.Equal(200, reply.Status);
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(reply.Body).Value!.AsString());
    }

    public static TheoryData<string, string, string> BadBodies => new()
    {
        { "unix", "malformed", "<methodCall><methodName>supervisor.getState" },
        { "tcp", "malformed", "<methodCall><methodName>supervisor.getState" },
        { "unix", "xxe", """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><methodCall><methodName>&x;</methodName></methodCall>""" },
        { "tcp", "xxe", """<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><methodCall><methodName>&x;</methodName></methodCall>""" },
        { "unix", "billion laughs", BillionLaughs() },
        { "tcp", "billion laughs", BillionLaughs() },
        { "unix", "deep nesting", Nested(10_000) },
        { "tcp", "deep nesting", Nested(10_000) },
        { "unix", "no method name", "<methodCall><params/></methodCall>" },
        { "tcp", "no method name", "<methodCall><params/></methodCall>" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task UnacceptableBodiesGet400(string transport, string what, string body)
    {
        var reply = await Send(transport, RawHttp.Post(body));
        Assert.True(reply.Status == 400, $"{what}: {reply.StatusLine}");
        Assert.Contains("Error code 400.", reply.Text);
        await AssertStillServing(transport);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task A100MegabyteBodyIsRefusedBeforeItIsRead(string transport)
    {
        // Only the head is sent: the answer arriving without the body proves nothing was buffered.
        var head = Encoding.ASCII.GetBytes("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 104857600\r\n\r\n");
        using var socket = RawHttp.Connect(Server[transport]);
        await socket.SendAsync(head);
        var buffer = new byte[4096];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var n = await socket.ReceiveAsync(buffer, cts.Token);
        var reply = RawHttp.Parse(buffer[..n]);
        Assert.Equal(413, reply.Status);
        await AssertStillServing(transport);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task A100MegabyteBodyStreamedAnywayLeavesTheServerUp(string transport)
    {
        var head = Encoding.ASCII.GetBytes("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: 104857600\r\n\r\n");
        using (var socket = RawHttp.Connect(Server[transport]))
        {
            await socket.SendAsync(head);
            var chunk = new byte[1 << 20];
            try
            {
                for (var i = 0; i < 100; i++)
                {
                    await socket.SendAsync(chunk);
                }
            }
            catch (System.Net.Sockets.SocketException)
            {
                // The server answered 413 and closed: the rest of the body has nowhere to go.
            }
        }
        await AssertStillServing(transport);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task GetOnRpc2Is400(string transport)
    {
        var reply = await Send(transport, "GET /RPC2 HTTP/1.0\r\n\r\n"u8.ToArray());
        Assert.Equal(400, reply.Status);
        Assert.Equal("Medusa/1.12", reply.Headers["Server"]);
    }

    [Theory]
    [InlineData("unix", "supervisor.nope", 1, "UNKNOWN_METHOD")]
    [InlineData("tcp", "supervisor.nope", 1, "UNKNOWN_METHOD")]
    [InlineData("unix", "supervisor.getState.x", 1, "UNKNOWN_METHOD")]
    [InlineData("tcp", "supervisor._update", 1, "UNKNOWN_METHOD")]
    [InlineData("unix", "supervisor.getProcessInfo", 2, "INCORRECT_PARAMETERS")]
    [InlineData("tcp", "supervisor.getProcessInfo", 2, "INCORRECT_PARAMETERS")]
    public async Task UnknownMethodsAndWrongCountsAreFaults(string transport, string method, int code, string text)
    {
        var reply = await Send(transport, RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall(method, []))));
        Assert.Equal(200, reply.Status);
        Assert.Equal(new XmlRpcFault(code, text), XmlRpcReader.ReadResponse(reply.Body).Fault);
    }

    [Theory]
    [InlineData("unix")]
    [InlineData("tcp")]
    public async Task WrongArgumentTypesAre500AsSupervisordAnswers(string transport)
    {
        foreach (var (method, args) in new (string, XmlRpcValue[])[]
                 {
                     ("supervisor.getProcessInfo", [1]),
                     ("supervisor.startProcess", [new XmlRpcStruct([new("a", 1)])]),
                     ("supervisor.readProcessStdoutLog", ["sleeper", "x", 0]),
                     ("supervisor.clearProcessLogs", [1]),
                 })
        {
            var reply = await Send(transport, RawHttp.Post(Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall(method, args))));
            Assert.True(reply.Status == 500, $"{method}: {reply.StatusLine}");
        }
        await AssertStillServing(transport);
    }

    public static TheoryData<string, string> BodiesQuotedInTheLog => new()
    {
        { "a line break in an entity", "<methodCall><methodName>a&b\n2026-12-06 19:00:00,000 CRIT forged;</methodName></methodCall>" },
        { "a line break in a dateTime", "<methodCall><methodName>system.methodHelp</methodName><params><param><value><dateTime.iso8601>x\r\n2026-12-06 19:00:00,000 CRIT forged</dateTime.iso8601></value></param></params></methodCall>" },
        { "an escape sequence in an encoding name", "<?xml version='1.0' encoding='\u001b[2Jx'?><methodCall/>" },
        { "a megabyte element name", $"<methodCall><methodName>system.methodHelp</methodName><params><param><value><{new string('t', 1 << 20)}/></value></param></params></methodCall>" },
    };

    /// <summary>
    /// A parse error's message quotes the request; in the main log that quote is escaped (supervisord logs the
    /// request's repr()), so a request cannot forge log lines or clear a terminal, and it is bounded.
    /// </summary>
    [Theory]
    [MemberData(nameof(BodiesQuotedInTheLog))]
    public async Task ParseErrorsLogOneBoundedLineWithoutControlCharacters(string what, string body)
    {
        var reply = await Send("unix", RawHttp.Post(body));
        Assert.True(reply.Status == 400, $"{what}: {reply.StatusLine}");
        var logged = Assert.Single(Server.Log, l => l.Message.StartsWith("XML-RPC request data is invalid", StringComparison.Ordinal)).Message;
        Assert.DoesNotContain(logged, char.IsControl);
        Assert.True(logged.Length < 1024, $"{what}: {logged.Length} characters logged");
        await AssertStillServing("unix");
    }

    private static string BillionLaughs()
    {
        var sb = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol0 \"lol\">");
        for (var i = 1; i < 10; i++)
        {
            sb.Append($"<!ENTITY lol{i} \"{string.Concat(Enumerable.Repeat($"&lol{i - 1};", 10))}\">");
        }
        return sb.Append("]><methodCall><methodName>&lol9;</methodName></methodCall>").ToString();
    }

    private static string Nested(int depth) =>
        "<methodCall><methodName>supervisor.getState</methodName><params><param>" +
        string.Concat(Enumerable.Repeat("<value><array><data>", depth)) +
        string.Concat(Enumerable.Repeat("</data></array></value>", depth)) +
        "</param></params></methodCall>";
}
