using System.Text;
using SuperNet.Rpc.Http;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>The request head as read from bytes: what is accepted, what is refused, and the text each part gives.</summary>
public sealed class HttpHeadParserTests
{
    private static (HttpHeadParser.Outcome Outcome, HttpRequestHead? Head, int Consumed) Parse(string text)
    {
        var searched = 0;
        var outcome = HttpHeadParser.TryParse(Encoding.Latin1.GetBytes(text), ref searched, out var head, out var consumed);
        return (outcome, head, consumed);
    }

    [Fact]
    public void Supervisorctls_head_gives_its_parts_and_the_bytes_it_took()
    {
        const string text = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\nContent-Length: 12\r\n\r\nbody";
        var (outcome, head, consumed) = Parse(text);
        Assert.Equal(HttpHeadParser.Outcome.Complete, outcome);
        Assert.Equal(text.Length - 4, consumed);
        Assert.Equal(("POST", "/RPC2", true), (head!.Method, head.Target, head.Http11));
        Assert.Equal([new("Host", "localhost"), new("Accept-Encoding", "identity"), new("Content-Length", "12")], head.Headers);
    }

    [Fact]
    public void The_same_text_on_the_next_request_is_the_same_string()
    {
        const string text = "POST /RPC2 HTTP/1.0\r\nUser-Agent: xmlrpclib.py/1.0.1 (by www.pythonware.com)\r\n\r\n";
        var first = Parse(text).Head!;
        var second = Parse(text).Head!;
        Assert.Same(first.Target, second.Target);
        Assert.Same(first.Headers[0].Key, second.Headers[0].Key);
        Assert.Same(first.Headers[0].Value, second.Headers[0].Value);
        Assert.False(second.Http11);
    }

    [Fact]
    public void Leading_empty_lines_are_skipped_and_bare_newlines_end_lines()
    {
        const string text = "\r\n\nGET /ok.html HTTP/1.1\nX-A: 1\n\nnext";
        var (outcome, head, consumed) = Parse(text);
        Assert.Equal(HttpHeadParser.Outcome.Complete, outcome);
        Assert.Equal(text.Length - 4, consumed);
        Assert.Equal("/ok.html", head!.Target);
        Assert.Equal("1", head.Header("x-a"));
    }

    [Fact]
    public void Values_are_trimmed_as_Latin1_text_and_folded_lines_join_the_previous_value()
    {
        // The UTF-8 bytes of "café", each byte one Latin-1 char.
        var (_, head, _) = Parse("GET / HTTP/1.1\r\nX-A: \t caf\u00c3\u00a9 \u000b\r\nX-B: one\r\n  two \r\n\r\n");
        Assert.Equal("caf\u00c3\u00a9", head!.Header("X-A"));
        Assert.Equal("one two", head.Header("X-B"));
    }

    /// <summary>
    /// supervisord drops the connection of a head that is not UTF-8 (its decoding raises); it was read as
    /// Latin-1 and served. Refused now (a 400), wherever the byte is.
    /// </summary>
    [Theory]
    [InlineData("GET /\u00ff HTTP/1.0\r\n\r\n")]
    [InlineData("GET /index.html?x=\u00e9 HTTP/1.0\r\n\r\n")]
    [InlineData("POST /RPC2 HTTP/1.0\r\nX-Odd: caf\u00e9\r\n\r\n")]
    [InlineData("POST /RPC2 HTTP/1.0\r\nX-\u00ff: 1\r\n\r\n")]
    [InlineData("POST /RPC2 HTTP/1.0\r\nX-A: \u00c3\r\n\r\n")]
    public void A_head_that_is_not_UTF8_is_refused(string text) =>
        Assert.Equal(HttpHeadParser.Outcome.Invalid, Parse(text).Outcome);

    [Fact]
    public void A_head_in_UTF8_is_read()
    {
        var (outcome, head, _) = Parse("GET /caf\u00c3\u00a9 HTTP/1.0\r\nX-A: \u00e2\u0082\u00ac\r\n\r\n");
        Assert.Equal(HttpHeadParser.Outcome.Complete, outcome);
        Assert.Equal("/caf\u00c3\u00a9", head!.Target);
    }

    /// <summary>
    /// A head is read before any authentication: one of 64 KiB, all folded lines, joined a value at a time, made a
    /// gigabyte of strings (each fold copied the whole value so far).
    /// </summary>
    [Fact]
    public void Folded_lines_are_joined_once_not_per_line()
    {
        var folds = (HttpHeadParser.MaxHeadBytes - 64) / 4;
        var text = "GET / HTTP/1.1\r\nX-A: a\r\n" + string.Concat(Enumerable.Repeat(" a\r\n", folds)) + "\r\n";
        var bytes = Encoding.Latin1.GetBytes(text);
        var searched = 0;
        var before = GC.GetAllocatedBytesForCurrentThread();
        var outcome = HttpHeadParser.TryParse(bytes, ref searched, out var head, out _);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(HttpHeadParser.Outcome.Complete, outcome);
        Assert.Equal(1 + 2 * folds, head!.Header("X-A")!.Length);
        Assert.True(allocated < 16 * bytes.Length, $"{allocated} bytes allocated for a head of {bytes.Length}");
    }

    [Theory]
    [InlineData("POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n")]
    [InlineData("POST /RPC2 HTTP/1.1\r\nHost: loc")]
    [InlineData("\r\n")]
    [InlineData("")]
    public void A_head_without_its_empty_line_needs_more(string text)
    {
        Assert.Equal(HttpHeadParser.Outcome.NeedMore, Parse(text).Outcome);
    }

    [Theory]
    [InlineData("GET /\r\n\r\n")]
    [InlineData("GET / HTTP/1.1 extra\r\n\r\n")]
    [InlineData(" / HTTP/1.1\r\n\r\n")]
    [InlineData("GET  HTTP/1.1\r\n\r\n")]
    [InlineData("GET / HTTP/2.0\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nNoColon\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n: empty name\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\nName : space before colon\r\n\r\n")]
    [InlineData("GET / HTTP/1.1\r\n folded first\r\n\r\n")]
    public void A_malformed_head_is_invalid(string text)
    {
        Assert.Equal(HttpHeadParser.Outcome.Invalid, Parse(text).Outcome);
    }

    [Fact]
    public void A_head_longer_than_the_limit_is_invalid_before_it_ends()
    {
        var text = "GET / HTTP/1.1\r\nX-Long: " + new string('a', HttpHeadParser.MaxHeadBytes) + "\r\n";
        Assert.Equal(HttpHeadParser.Outcome.Invalid, Parse(text).Outcome);
        Assert.Equal(HttpHeadParser.Outcome.Invalid, Parse(text + "\r\n").Outcome);
    }

    [Fact]
    public void More_than_a_hundred_headers_is_invalid()
    {
        var text = "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 101).Select(i => $"X-{i}: {i}\r\n")) + "\r\n";
        Assert.Equal(HttpHeadParser.Outcome.Invalid, Parse(text).Outcome);
    }

    /// <summary>
    /// A head trickled a byte at a time: each arrival searches only the new byte and the two before it (an end
    /// split between arrivals), never the head again from its start; a 60 KB head so searched 1.8 GB.
    /// </summary>
    [Fact]
    public void A_trickled_head_is_searched_once_and_its_end_found_wherever_the_pieces_split_it()
    {
        foreach (var end in new[] { "\r\n\r\n", "\n\n", "\n\r\n" })
        {
            var text = "\r\nGET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, 90).Select(i => $"X-{i}: {new string('a', 600)}\r\n"))[..^2] + end + "next";
            var bytes = Encoding.Latin1.GetBytes(text);
            var (start, searched) = (0, 0);
            for (var arrived = 1; ; arrived++)
            {
                var outcome = HttpHeadParser.TryParse(bytes.AsSpan(start, arrived - start), ref searched, out var head, out var consumed);
                start += consumed;
                if (outcome == HttpHeadParser.Outcome.Complete)
                {
                    Assert.Equal(text.Length - 4, start);
                    Assert.Equal(90, head!.Headers.Count);
                    Assert.Equal(0, searched);
                    break;
                }
                Assert.Equal(HttpHeadParser.Outcome.NeedMore, outcome);
                // All of it searched: the next call starts two bytes before the next arrival.
                Assert.Equal(arrived - start, searched);
            }
        }
    }

    [Fact]
    public void Bytes_an_earlier_call_searched_are_not_searched_again()
    {
        var bytes = "GET / HTTP/1.1\r\n\r\n--"u8;
        var searched = bytes.Length;
        Assert.Equal(HttpHeadParser.Outcome.NeedMore, HttpHeadParser.TryParse(bytes, ref searched, out _, out _));
        searched = bytes.Length - 3;
        Assert.Equal(HttpHeadParser.Outcome.Complete, HttpHeadParser.TryParse(bytes, ref searched, out _, out var consumed));
        Assert.Equal(bytes.Length - 2, consumed);
    }
}
