using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace SuperNet.Rpc.Http;

/// <summary>Response helpers producing supervisord's (medusa's) headers and error pages (contract §1.2).</summary>
internal static class Responses
{
    public static void Common(HttpResponse response) => response.Headers.Server = "Medusa/1.12";

    public static Task Error(HttpContext context, int status)
    {
        var reason = ReasonPhrases.GetReasonPhrase(status);
        var body = Encoding.ASCII.GetBytes(
            "<head>\r\n<title>Error response</title>\r\n</head>\r\n<body>\r\n<h1>Error response</h1>\r\n" +
            $"<p>Error code {status}.\r\n<p>Message: {reason}.\r\n</body>\r\n");
        var response = context.Response;
        response.StatusCode = status;
        Common(response);
        response.ContentType = "text/html";
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }

    public static Task Unauthorized(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"default\"";
        context.Response.Headers.Connection = "close";
        return Error(context, StatusCodes.Status401Unauthorized);
    }

    public static Task Body(HttpContext context, string contentType, byte[] body)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        Common(response);
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
