using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// fg streams /logtail/NAME/stdout and /logtail/NAME/stderr with the same stream client as tail -f: one channel gets a
/// response with odd framing (StreamFramingTests has the reasons), the other an empty one, and both clients must
/// print the same, the error lines naming the channel's URL. Input ends once the client has closed both streams
/// (so it has printed all it will), and fg leaves with "Exiting foreground".
/// </summary>
public sealed class FgStreamFramingTests
{
    private const string Empty = "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";

    private const string Running =
        "<?xml version='1.0'?><methodResponse><params><param><value><struct><member><name>name</name><value><string>x</string></value></member>"
        + "<member><name>state</name><value><int>20</int></value></member></struct></value></param></params></methodResponse>";

    public static TheoryData<string, string, string> Responses
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var channel in new[] { "stdout", "stderr" })
            {
                // Each response with a piece of what supervisorctl prints for it ("" for nothing), so that both clients
                // printing nothing at all could not pass for agreement.
                foreach (var (response, shown) in new[]
                {
                    // Bare LF throughout: the status line never ends, nothing is printed.
                    ("HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n", ""),
                    // A header joined to the next by a bare LF hides Transfer-Encoding: the chunk framing is the body.
                    ("HTTP/1.1 200 OK\r\nX: y\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n", "5\r\nhello"),
                    // A chunk size line joined to its data.
                    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n6\r\n world\r\n0\r\n\r\n", "hello"),
                    // Not 200: an error line naming the channel's URL.
                    ("HTTP/1.1\t404\tNot Found\r\n\r\nhello", $"/logtail/x/{channel} Cannot read, status code 404"),
                    // A header without a colon, a chunk size that is no number: ValueError.
                    ("HTTP/1.1 200 OK\r\nbad header\r\n\r\nhello", $"/logtail/x/{channel} Cannot connect, error: <class 'ValueError'>"),
                    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n", "<class 'ValueError'>"),
                    // Past Content-Length, in the same read; data after the last chunk.
                    ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef", "abc"),
                    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nafter\r\n", "hello"),
                    // Bytes that are not UTF-8, and a character split across two chunks.
                    ("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n\u00ff\u00feab", "Undecodable: "),
                    ("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\u00e2\u0082\r\n1\r\n\u00ac\r\n0\r\n\r\n", "Undecodable: "),
                })
                {
                    data.Add(channel, response, shown);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public void Fg_reads_a_stream_as_supervisorctl_reads_it(string channel, string response, string shown)
    {
        // One server for both clients: the error lines name its URL.
        using var server = HostileServer.AnsweringBytes(request =>
            request.StartsWith($"GET /logtail/x/{channel} ", StringComparison.Ordinal) ? response
            : request.StartsWith("GET /logtail/x/", StringComparison.Ordinal) ? Empty
            : request.Contains("supervisor.getProcessInfo", StringComparison.Ordinal) ? HostileServer.Ok(Running)
            : throw new InvalidOperationException("unexpected request:\n" + request));
        var real = Fg(server, LiveRun.Real);
        var ours = Fg(server, LiveRun.Ours);
        Assert.StartsWith("==> Press Ctrl-C to exit <==\n", real.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Exiting foreground\n", real.Stdout, StringComparison.Ordinal);
        if (shown.Length == 0)
        {
            Assert.Equal(new CtlResult("==> Press Ctrl-C to exit <==\nExiting foreground\n", "", 0), real);
        }
        else
        {
            Assert.Contains(shown, real.Stdout + real.Stderr, StringComparison.Ordinal);
        }

        Assert.Equal(real, ours);
    }

    private static CtlResult Fg(HostileServer server, Func<IEnumerable<string>, LiveRun> start)
    {
        int Closed() => server.ClosedByClient.Count(r => r.StartsWith("GET /logtail/x/", StringComparison.Ordinal));
        var before = Closed();
        using var run = start(["-s", server.Url, "fg", "x"]);
        Wait.Until(() => Closed() == before + 2, $"the client to close both streams; printed so far:\n{run.Stdout}");
        run.CloseInput();
        return run.WaitExit();
    }
}
