using SuperNet.Rpc.Http;
using SuperNet.Rpc.Metrics;

namespace SuperNet.Rpc.Json;

/// <summary>The machine-readable URLs one listener adds to supervisord's: /api/v1/* (JSON) and /metrics (Prometheus).</summary>
internal sealed class ApiRoutes(JsonApi api, MetricsEndpoint metrics)
{
    public static bool Serves(string path) => JsonApi.Serves(path) || path == MetricsEndpoint.Path;

    public Task HandleAsync(HttpExchange exchange, string path)
    {
        var query = exchange.Request.Target.Split('?', 2) is [_, var q] ? q : null;
        if (path != MetricsEndpoint.Path)
        {
            return api.HandleAsync(exchange, path, query);
        }
        return exchange.Method.ToUpperInvariant() is "GET" or "HEAD"
            ? metrics.HandleAsync(exchange)
            : ApiAnswer.Fault(exchange, Core.Supervision.Outcome.Of(Core.Supervision.Fault.UnknownMethod, "only GET"), 405, "GET");
    }
}
