namespace SuperNet.Rpc.Http;

/// <summary>
/// One listener's request pipeline: Basic auth on every URL, then supervisord's handler order
/// (contract §1.2), the web UI pages included; SuperNet adds /api/v1 and /metrics (docs/api.md).
/// </summary>
internal sealed class RequestRouter(BasicAuth? auth, XmlRpcEndpoint rpc, LogTailEndpoint tail, Web.WebUiEndpoint web, HealthEndpoint? health = null, Json.ApiRoutes? api = null)
{
    public async Task HandleAsync(HttpExchange exchange)
    {
        if (auth is not null)
        {
            switch (auth.Check(exchange.Request))
            {
                case BasicAuth.Verdict.Unauthorized:
                    await Responses.Unauthorized(exchange).ConfigureAwait(false);
                    return;
                case BasicAuth.Verdict.BadRequest:
                    await Responses.Error(exchange, 400).ConfigureAwait(false);
                    return;
                case BasicAuth.Verdict.ServerError:
                    await Responses.Error(exchange, 500).ConfigureAwait(false);
                    return;
            }
        }

        var method = exchange.Method.ToUpperInvariant();
        var target = exchange.Request.Target;
        var query = target.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? target : target[..query];
        if (path.StartsWith("/RPC2", StringComparison.Ordinal))
        {
            await rpc.HandleAsync(exchange).ConfigureAwait(false);
        }
        else if (path.StartsWith("/logtail", StringComparison.Ordinal))
        {
            await tail.HandleAsync(exchange, path, main: false).ConfigureAwait(false);
        }
        else if (path.StartsWith("/mainlogtail", StringComparison.Ordinal))
        {
            await tail.HandleAsync(exchange, path, main: true).ConfigureAwait(false);
        }
        else if (health is not null && HealthEndpoint.Serves(path) && method is "GET" or "HEAD")
        {
            await health.HandleAsync(exchange, path).ConfigureAwait(false);
        }
        else if (api is not null && Json.ApiRoutes.Serves(path))
        {
            await api.HandleAsync(exchange, path).ConfigureAwait(false);
        }
        else if (path.TrimStart('/') == "ok.html" && method is "GET" or "POST")
        {
            await Responses.Body(exchange, "text/plain", "OK"u8.ToArray()).ConfigureAwait(false);
        }
        else if (Web.WebUiEndpoint.Serves(path, method))
        {
            await web.HandleAsync(exchange, path).ConfigureAwait(false);
        }
        else if (method is "GET" or "HEAD")
        {
            await Responses.Error(exchange, 404).ConfigureAwait(false);
        }
        else
        {
            await Responses.Error(exchange, 400).ConfigureAwait(false);
        }
    }
}
