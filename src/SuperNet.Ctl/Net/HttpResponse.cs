namespace SuperNet.Ctl.Net;

/// <summary>A complete HTTP response as the XML-RPC client needs it.</summary>
internal sealed record HttpResponse(int Status, string Reason, bool KeepAlive, byte[] Body);

/// <summary>
/// A non-200 answer; printed as Python's xmlrpc ProtocolError is, because supervisorctl's output for
/// an unauthorised server shows that text.
/// </summary>
internal sealed class HttpStatusException(int status, string reason) : Exception($"<ProtocolError for 127.0.0.1/RPC2: {status} {reason}>")
{
    public int Status { get; } = status;
}

/// <summary>The server's bytes are not HTTP we can read.</summary>
/// <param name="statusLine">For a bad status line: the line as read, with its line end, which Python's BadStatusLine shows.</param>
internal sealed class HttpProtocolException(string message, string? statusLine = null) : Exception(message)
{
    public string? StatusLine { get; } = statusLine;

    /// <summary>The server closed before a status line: http.client's RemoteDisconnected.</summary>
    public bool ClosedBeforeResponse { get; init; }
}
