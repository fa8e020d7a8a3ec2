using System.Globalization;
using System.Text;

namespace SuperNet.Rpc.Http;

/// <summary>
/// One request and its answer on an <see cref="HttpConnection"/>. Persistence follows medusa (contract §1.2):
/// HTTP/1.0 closes unless the request says keep-alive and the answer has a Content-Length (then
/// "Connection: Keep-Alive"); HTTP/1.1 persists unless the request says close. The status line answers in the
/// request's version with a reason phrase; every answer carries Server and Date.
/// </summary>
internal sealed class HttpExchange
{
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
    public async Task<byte[]?> ReadBodyAsync()
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
    public Task RespondAsync(int status, string contentType, ReadOnlyMemory<byte> body, bool close = false, params (string Name, string Value)[] headers)
    {
        _mustClose |= close || HasUnreadBody;
        KeepAlive = !_mustClose && (Request.Http11 ? !Request.HasToken("Connection", "close") : Request.HasToken("Connection", "keep-alive"));
        var head = Head(status, contentType, headers);
        head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        if (!KeepAlive)
        {
            head.Append("Connection: close\r\n");
        }
        else if (!Request.Http11)
        {
            head.Append("Connection: Keep-Alive\r\n");
        }
        head.Append("\r\n");
        var headBytes = Encoding.Latin1.GetBytes(head.ToString());
        var isHead = Method.Equals("HEAD", StringComparison.Ordinal);
        var message = new byte[headBytes.Length + (isHead ? 0 : body.Length)];
        headBytes.CopyTo(message, 0);
        if (!isHead)
        {
            body.CopyTo(message.AsMemory(headBytes.Length));
        }
        ResponseStarted = true;
        return _connection.SendAsync(message, bounded: true, CancellationToken.None);
    }

    /// <summary>
    /// Starts an answer of unknown length: chunked for HTTP/1.1 (what supervisorctl's tail needs, trap 22),
    /// raw bytes until the connection closes for HTTP/1.0 or "Connection: close".
    /// </summary>
    public Task StartStreamAsync(int status, string contentType, CancellationToken ct, params (string Name, string Value)[] headers)
    {
        _chunked = Request.Http11 && !Request.HasToken("Connection", "close") && !_mustClose && !HasUnreadBody;
        KeepAlive = false;
        var head = Head(status, contentType, headers);
        head.Append(_chunked ? "Transfer-Encoding: chunked\r\n" : "Connection: close\r\n").Append("\r\n");
        ResponseStarted = true;
        return _connection.SendAsync(Encoding.Latin1.GetBytes(head.ToString()), bounded: false, ct);
    }

    /// <summary>Sends data at once, as its own chunk when chunked.</summary>
    public Task WriteStreamAsync(ReadOnlyMemory<byte> data, CancellationToken ct)
    {
        if (data.IsEmpty)
        {
            return Task.CompletedTask;
        }
        if (!_chunked)
        {
            return _connection.SendAsync(data, bounded: false, ct);
        }
        var size = Encoding.ASCII.GetBytes(data.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n");
        var chunk = new byte[size.Length + data.Length + 2];
        size.CopyTo(chunk, 0);
        data.CopyTo(chunk.AsMemory(size.Length));
        chunk[^2] = (byte)'\r';
        chunk[^1] = (byte)'\n';
        return _connection.SendAsync(chunk, bounded: false, ct);
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

    private StringBuilder Head(int status, string contentType, (string Name, string Value)[] headers)
    {
        var head = new StringBuilder(256)
            .Append(Request.Version).Append(' ').Append(status).Append(' ').Append(Responses.Reason(status)).Append("\r\n")
            .Append("Server: Medusa/1.12\r\n")
            .Append("Date: ").Append(DateTime.UtcNow.ToString("R", CultureInfo.InvariantCulture)).Append("\r\n")
            .Append("Content-Type: ").Append(contentType).Append("\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        return head;
    }
}
