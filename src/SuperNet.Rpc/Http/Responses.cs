using System.Text;

namespace SuperNet.Rpc.Http;

/// <summary>supervisord's (medusa's) reason phrases and error pages (contract §1.2).</summary>
internal static class Responses
{
    public static string Reason(int status) => status switch
    {
        100 => "Continue",
        200 => "OK",
        301 => "Moved Permanently",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        411 => "Length Required",
        413 => "Request Entity Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    };

    public static Task Error(HttpExchange exchange, int status, bool close = false, params (string Name, string Value)[] headers)
    {
        var body = Encoding.ASCII.GetBytes(
            "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n" +
            $"<p>Error code {status}.\r\n<p>Message: {Reason(status)}.\r\n</body>\r\n");
        return exchange.RespondAsync(status, "text/html", body, close, headers);
    }

    public static Task Unauthorized(HttpExchange exchange) =>
        Error(exchange, 401, close: true, ("WWW-Authenticate", "Basic realm=\"default\""));

    public static Task Body(HttpExchange exchange, string contentType, byte[] body) =>
        exchange.RespondAsync(200, contentType, body);
}
