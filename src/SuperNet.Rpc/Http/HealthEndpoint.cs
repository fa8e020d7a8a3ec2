using System.Text;
using SuperNet.Core.Readiness;

namespace SuperNet.Rpc.Http;

/// <summary>
/// GET /readyz (200 "ok" when every autostarted program is RUNNING and ready, else 503 with one line per
/// program that is not) and GET /healthz (200 when the supervisor loop answers). SuperNet's own URLs.
/// </summary>
internal sealed class HealthEndpoint(SupervisorHealth health)
{
    private static readonly TimeSpan LoopTimeout = TimeSpan.FromSeconds(5);

    public static bool Serves(string path) => path is "/readyz" or "/healthz";

    public async Task HandleAsync(HttpExchange exchange, string path)
    {
        bool ok;
        string text;
        if (path == "/readyz")
        {
            var problems = health.Problems();
            ok = problems.Count == 0;
            text = HealthReport.Text(problems);
        }
        else
        {
            ok = await health.LoopAnswersAsync(LoopTimeout).ConfigureAwait(false);
            text = ok ? "ok\n" : "the supervisor loop does not answer\n";
        }
        await exchange.RespondAsync(ok ? 200 : 503, "text/plain", Encoding.UTF8.GetBytes(text)).ConfigureAwait(false);
    }
}
