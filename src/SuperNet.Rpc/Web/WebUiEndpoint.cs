using System.Text;
using SuperNet.Rpc.Http;

namespace SuperNet.Rpc.Web;

/// <summary>
/// supervisord's web UI URLs (/, /index.html, /tail.html) for GET and POST. An action answers 301 to
/// "/?message=..." as supervisord's page does, so plain links and forms work without JavaScript.
/// </summary>
internal sealed class WebUiEndpoint(RpcContext context, ControlServerOptions options)
{
    private readonly WebActions _actions = new(context);

    public static bool Serves(string path, string method) =>
        method is "GET" or "POST" && path.TrimStart('/') is "" or "index.html" or "tail.html";

    public async Task HandleAsync(HttpExchange exchange, string path)
    {
        byte[]? body = null;
        if (exchange.Method.Equals("POST", StringComparison.OrdinalIgnoreCase) && exchange.ContentLength is { } length)
        {
            if (length > options.Limits.MaxRequestBodyBytes)
            {
                await Responses.Error(exchange, 413, close: true).ConfigureAwait(false);
                return;
            }
            if (await exchange.ReadBodyAsync().ConfigureAwait(false) is not { } read)
            {
                return; // the client went away mid-body
            }
            body = read;
        }
        var form = WebForm.Parse(exchange.Request.Target, body);
        if (path.TrimStart('/') == "tail.html")
        {
            await Page(exchange, TailPage.Render(context, form["processname"], form["limit"])).ConfigureAwait(false);
            return;
        }
        if (form["action"] is { Length: > 0 } action)
        {
            if (!WebActions.IsKnown(action) || await _actions.RunAsync(action, form["processname"], exchange.Aborted).ConfigureAwait(false) is not { } message)
            {
                // supervisord's page raises on an action it cannot place, which its server answers with 500.
                await Responses.Error(exchange, 500).ConfigureAwait(false);
                return;
            }
            await Responses.Error(exchange, 301, headers: ("Location", $"{ServerUrl(exchange)}/?message={Html.Url(message)}")).ConfigureAwait(false);
            return;
        }
        await Page(exchange, StatusPage.Render(context, form["message"])).ConfigureAwait(false);
    }

    /// <summary>
    /// supervisord builds the redirect from the Host header; a request without one gets a relative URL. So does a
    /// Host with anything but printable ASCII: supervisord copies a bare CR (or NUL, DEL, a C1 control that
    /// Latin-1 readers split lines at) into its Location header, which splits the answer's head for the client.
    /// </summary>
    private static string ServerUrl(HttpExchange exchange) =>
        exchange.Request.Header("Host") is { Length: > 0 } host && IsPrintableAscii(host) ? $"http://{host}" : "";

    private static bool IsPrintableAscii(string text)
    {
        foreach (var c in text)
        {
            if (c is <= ' ' or >= '\x7f')
            {
                return false;
            }
        }
        return true;
    }

    private static Task Page(HttpExchange exchange, string html) =>
        Responses.Body(exchange, "text/html;charset=utf-8", Encoding.UTF8.GetBytes(html));
}
