using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace SuperNet.Rpc.Http;

/// <summary>
/// One listener's request pipeline: Basic auth on every URL, then supervisord's handler order
/// (contract §1.2). The web UI pages are not served: only ok.html, the health check, is.
/// </summary>
internal sealed class RequestRouter(BasicAuth? auth, XmlRpcEndpoint rpc, LogTailEndpoint tail)
{
    public async Task HandleAsync(HttpContext context)
    {
        if (auth is not null)
        {
            switch (auth.Check(context.Request.Headers.Authorization.FirstOrDefault()))
            {
                case BasicAuth.Verdict.Unauthorized:
                    await Responses.Unauthorized(context);
                    return;
                case BasicAuth.Verdict.BadRequest:
                    await Responses.Error(context, StatusCodes.Status400BadRequest);
                    return;
            }
        }

        // The raw target, so "/RPC2x?y" and an encoded ':' are seen as the client sent them.
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "/";
        var path = target.Split('?', 2)[0];
        if (path.StartsWith("/RPC2", StringComparison.Ordinal))
        {
            await rpc.HandleAsync(context);
        }
        else if (path.StartsWith("/logtail", StringComparison.Ordinal))
        {
            await tail.HandleAsync(context, path, main: false);
        }
        else if (path.StartsWith("/mainlogtail", StringComparison.Ordinal))
        {
            await tail.HandleAsync(context, path, main: true);
        }
        else if (path.TrimStart('/') == "ok.html" && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsPost(context.Request.Method)))
        {
            await Responses.Body(context, "text/plain", "OK"u8.ToArray());
        }
        else if (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
        {
            await Responses.Error(context, StatusCodes.Status404NotFound);
        }
        else
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest);
        }
    }
}
