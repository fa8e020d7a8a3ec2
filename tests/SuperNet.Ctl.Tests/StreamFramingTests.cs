using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// The log stream client (tail -f, maintail -f) reads a server's odd framing exactly as supervisorctl's does: only
/// CR LF ends a line there, so a bare LF joins two lines into one (a header hides the next, a chunk size swallows its
/// data); the status line splits at any ASCII white space; a header without a colon, a chunk size that is no hex
/// number or an empty one are its ValueError or IndexError. supernetctl read a bare LF as a line end, skipped what it
/// could not read, and followed the stream where supervisorctl prints nothing or something else.
/// </summary>
public sealed class StreamFramingTests
{
    public static TheoryData<string, string> Responses => new()
    {
        // Bare LF throughout: supervisorctl never sees the end of the status line and prints nothing.
        { "tail -f x", "HTTP/1.1 200 OK\nTransfer-Encoding: chunked\n\n5\nhello\n0\n\n" },
        { "maintail -f", "HTTP/1.1 200 OK\nContent-Length: 5\n\nhello" },
        // Headers ended by bare LF: the blank line never comes.
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: 5\n\nhello" },
        // A header joined to the next by a bare LF hides Transfer-Encoding: the chunk framing is printed as body.
        { "tail -f x", "HTTP/1.1 200 OK\r\nX: y\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        // A chunk size line joined to its data: the size is its first word, and the next bytes are the chunk.
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\n6\r\n world\r\n0\r\n\r\n" },
        // A bare LF inside the status line is part of its reason.
        { "tail -f x", "HTTP/1.1 200 OK\nfoo\r\n\r\nhello" },
        { "maintail -f", "HTTP/1.1 404 Not\nFound\r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1 200\nOK\r\n\r\nhello" },
        // Body lines ended by bare LF are body: printed as they are.
        { "tail -f x", "HTTP/1.1 200 OK\r\n\r\nline 1\nline 2\r\nline 3\n" },
        // The status line splits at tabs and other ASCII white space.
        { "tail -f x", "HTTP/1.1\t200\tOK\r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1\v200\fOK\r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1 200\u001cOK\r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1\t404\tNot Found\r\n\r\nhello" },
        // A blank line before the status line is a status line without words.
        { "tail -f x", "\r\nHTTP/1.1 200 OK\r\n\r\nhello" },
        // A status line the server never ends.
        { "tail -f x", "HTTP/1.1 200 OK" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n" },
        // Headers: one without a colon is a ValueError; names count as written.
        { "tail -f x", "HTTP/1.1 200 OK\r\nbad header\r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding : chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\n Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTRANSFER-ENCODING:\tchunked \r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: \r\n\r\nhello" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: 5\u00a0\r\n\r\nhello" },
        // Content-Length: the same read's bytes past it are printed too; a negative one counts from the end.
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabcdef" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: -3\r\n\r\nabcdef" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: 1_0\r\n\r\nabcdef" },
        // Chunk sizes: int(first word, 16).
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5 ;ext=1\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n \r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0x5\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0_5\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabcdef\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n" },
        // Chunks that end early or late, and data after the last chunk.
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nhello\r\n0\r\n\r\n" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nafter\r\n" },
        // Bytes that are not UTF-8 are shown as their repr.
        { "tail -f x", "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n\u00ff\u00feab" },
        { "tail -f x", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n\u00e2\u0082\r\n1\r\n\u00ac\r\n0\r\n\r\n" },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public void A_response_is_read_as_supervisorctl_reads_it(string command, string response)
    {
        using var server = new HostileServer(response);
        Differential.AssertSame(["-s", server.Url], command);
    }
}
