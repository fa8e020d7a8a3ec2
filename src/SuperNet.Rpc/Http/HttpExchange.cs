using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Http;

/// <summary>
/// One request and its answer on an <see cref="HttpConnection"/>. Persistence follows medusa (contract §1.2):
/// HTTP/1.0 closes unless the request says keep-alive and the answer has a Content-Length (then
/// "Connection: Keep-Alive"); HTTP/1.1 persists unless the request says close. The status line answers in the
/// request's version with a reason phrase; every answer carries Server and Date.
/// </summary>
internal sealed class HttpExchange
{
    /// <summary>A chunk up to this size (a tail's read) leaves in one write with its framing.</summary>
    private const int SmallChunk = 64 * 1024;
    private static readonly byte[] Crlf = "\r\n"u8.ToArray();

    private readonly HttpConnection _connection;
    private bool _bodyConsumed;
    private bool _mustClose;
    private bool _chunked;

    public HttpExchange(HttpConnection connection, HttpRequestHead request)
    {
        _connection = connection;
        Request = request;
        // A chunked request body cannot be framed (supervisord reads by Content-Length only): answer, then close.
        var length = ParseContentLength(request, out var valid);
        _mustClose = request.Header("Transfer-Encoding") is not null;
        ContentLength = _mustClose ? null : length;
        Invalid = !valid && !_mustClose;
    }

    public HttpRequestHead Request { get; }
    public string Method => Request.Method;
    /// <summary>Null when the request has no (usable) Content-Length.</summary>
    public long? ContentLength { get; }
    /// <summary>A malformed or contradictory Content-Length: the request is answered 400 and the connection closed.</summary>
    public bool Invalid { get; }
    /// <summary>Cancelled when the client closes its side or the connection is aborted.</summary>
    public CancellationToken Aborted => _connection.Aborted;
    public bool ResponseStarted { get; private set; }
    public bool KeepAlive { get; private set; }
    public bool HasUnreadBody => ContentLength > 0 && !_bodyConsumed;

    private static long? ParseContentLength(HttpRequestHead request, out bool valid)
    {
        valid = true;
        long? length = null;
        foreach (var (key, value) in request.Headers)
        {
            if (!key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || (length is { } seen && seen != parsed))
            {
                valid = false;
                return null;
            }
            length = parsed;
        }
        return length;
    }

    /// <summary>Reads the whole body (ContentLength must be set); null when the client left or was too slow.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<byte[]?> ReadBodyAsync()
    {
        var body = new byte[ContentLength ?? 0];
        if (body.Length > 0)
        {
            if (Request.Http11 && Request.HasToken("Expect", "100-continue") && _connection.Buffered == 0)
            {
                await _connection.SendAsync("HTTP/1.1 100 Continue\r\n\r\n"u8.ToArray(), bounded: true, CancellationToken.None).ConfigureAwait(false);
            }
            if (!await _connection.ReadExactAsync(body).ConfigureAwait(false))
            {
                _mustClose = true;
                return null;
            }
        }
        _bodyConsumed = true;
        _connection.WatchForClose();
        return body;
    }

    /// <summary>A complete answer with a Content-Length. close forces the connection to end after it.</summary>
    public async Task RespondAsync(int status, string contentType, ReadOnlyMemory<byte> body, bool close = false, params (string Name, string Value)[] headers)
    {
        _mustClose |= close || HasUnreadBody;
        KeepAlive = !_mustClose && (Request.Http11 ? !Request.HasToken("Connection", "close") : Request.HasToken("Connection", "keep-alive"));
        var isHead = Method.Equals("HEAD", StringComparison.Ordinal);
        // A small body goes in one buffer with the head, so the answer leaves in one write; a large one (1000
        // programs' process info is 1 MB) follows the head in a write of its own rather than be copied behind it.
        var joined = !isHead && body.Length <= SmallChunk;
        using var message = new Utf8Buffer(512 + (joined ? body.Length : 0));
        Head(message, status, contentType, headers);
        message.Write("Content-Length: "u8);
        message.Write(body.Length);
        message.Write("\r\n"u8);
        if (!KeepAlive)
        {
            message.Write("Connection: close\r\n"u8);
        }
        else if (!Request.Http11)
        {
            message.Write("Connection: Keep-Alive\r\n"u8);
        }
        message.Write("\r\n"u8);
        if (joined)
        {
            message.Write(body.Span);
        }
        ResponseStarted = true;
        await _connection.SendAsync(message.Written, bounded: true, CancellationToken.None).ConfigureAwait(false);
        if (!isHead && !joined)
        {
            await _connection.SendAsync(body, bounded: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts an answer of unknown length: chunked for HTTP/1.1 (what supervisorctl's tail needs, trap 22),
    /// raw bytes until the connection closes for HTTP/1.0 or "Connection: close".
    /// </summary>
    public Task StartStreamAsync(int status, string contentType, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        // A HEAD gets no body, so not even the last chunk: its head says the connection closes instead.
        _chunked = Request.Http11 && !Request.HasToken("Connection", "close") && !_mustClose && !HasUnreadBody
            && !Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase);
        KeepAlive = false;
        using var head = new Utf8Buffer(512);
        Head(head, status, contentType, headers);
        head.Write(_chunked ? "Transfer-Encoding: chunked\r\n\r\n"u8 : "Connection: close\r\n\r\n"u8);
        ResponseStarted = true;
        return _connection.SendAsync(head.ToArray(), bounded: false, ct);
    }

    /// <summary>Before an answer of many megabytes (see <see cref="HttpConnection.WidenSendBuffer"/>).</summary>
    public void WidenSendBuffer() => _connection.WidenSendBuffer();

    /// <summary>Sends data at once, as its own chunk when chunked.</summary>
    public async Task WriteStreamAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.IsEmpty)
        {
            return;
        }
        if (!_chunked)
        {
            await _connection.SendAsync(data, bounded: false, ct).ConfigureAwait(false);
            return;
        }
        var size = Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        if (data.Length > SmallChunk)
        {
            // Three writes: copying a 2 MB answer piece into one chunk made large-object garbage per piece.
            await _connection.SendAsync(size, bounded: false, ct).ConfigureAwait(false);
            await _connection.SendAsync(data, bounded: false, ct).ConfigureAwait(false);
            await _connection.SendAsync(Crlf, bounded: false, ct).ConfigureAwait(false);
            return;
        }
        var chunk = new byte[size.Length + data.Length + 2];
        size.CopyTo(chunk, 0);
        data.CopyTo(chunk.AsMemory(size.Length));
        chunk[^2] = (byte)'\r';
        chunk[^1] = (byte)'\n';
        await _connection.SendAsync(chunk, bounded: false, ct).ConfigureAwait(false);
    }

    /// <summary>Ends a chunked stream with the last chunk, so a client sees a complete answer when the server stops.</summary>
    public async Task FinishAsync()
    {
        if (_chunked && !Aborted.IsCancellationRequested)
        {
            _chunked = false;
            await _connection.SendAsync("0\r\n\r\n"u8.ToArray(), bounded: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private void Head(Utf8Buffer head, int status, string contentType, (string Name, string Value)[] headers)
    {
        head.WriteText(Request.Version);
        head.Write(" "u8);
        head.Write(status);
        head.Write(" "u8);
        head.WriteText(Responses.Reason(status));
        head.Write("\r\nServer: Medusa/1.12\r\nDate: "u8);
        Span<char> date = stackalloc char[32];
        DateTime.UtcNow.TryFormat(date, out var written, "R", CultureInfo.InvariantCulture);
        head.WriteText(date[..written]);
        head.Write("\r\nContent-Type: "u8);
        Latin1(head, contentType);
        head.Write("\r\n"u8);
        foreach (var (name, value) in headers)
        {
            Latin1(head, name);
            head.Write(": "u8);
            Latin1(head, value);
            head.Write("\r\n"u8);
        }
    }

    // Header text goes out as Latin-1, as it always has (a header value is never UTF-8 on this server's wire).
    private static void Latin1(Utf8Buffer head, string text)
    {
        head.Write(Encoding.Latin1.GetBytes(text));
    }
}
