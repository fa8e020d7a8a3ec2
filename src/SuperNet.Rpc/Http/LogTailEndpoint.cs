using System.Globalization;
using System.Text;
using SuperNet.Core.Logging;
using SuperNet.Rpc.Methods;

namespace SuperNet.Rpc.Http;

/// <summary>
/// GET /logtail/&lt;namespec&gt;[/stdout|stderr] and /mainlogtail (contract §7.1): the last 1024 bytes,
/// then every new byte as its own chunk until the client leaves, across rotations and clears (<see cref="LogFollower"/>).
/// </summary>
internal sealed class LogTailEndpoint(RpcContext context, ControlServerOptions options, CancellationToken serverStopping)
{
    private static readonly byte[] Truncated = "==> File truncated <==\n"u8.ToArray();

    public async Task HandleAsync(HttpExchange exchange, string rawPath, bool main)
    {
        if (!exchange.Method.Equals("GET", StringComparison.OrdinalIgnoreCase))
        {
            await Responses.Error(exchange, 400).ConfigureAwait(false);
            return;
        }
        var path = main ? context.MainLogfile : ProcessLog(rawPath);
        if (path is null || !LogRotationGate.FileExists(path))
        {
            await Responses.Error(exchange, 404).ConfigureAwait(false);
            return;
        }
        using var log = new LogFollower(path);
        if (!log.Start(1024))
        {
            await Responses.Error(exchange, 404).ConfigureAwait(false);
            return;
        }

        (string, string)[] headers = main
            ? [("Last-Modified", LastModified(path))]
            : [("Last-Modified", LastModified(path)), ("X-Accel-Buffering", "no")];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(exchange.Aborted, serverStopping);
        try
        {
            await exchange.StartStreamAsync(200, "text/plain;charset=utf-8", stop.Token, headers).ConfigureAwait(false);
            await StreamAsync(exchange, log, stop.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            // The client closed the stream or the server is stopping: both end a tail normally.
        }
    }

    private static string LastModified(string path) =>
        File.GetLastWriteTimeUtc(path).ToString("R", CultureInfo.InvariantCulture);

    private string? ProcessLog(string rawPath)
    {
        var rest = Uri.UnescapeDataString(rawPath["/logtail".Length..].TrimStart('/'));
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var (namespec, channel) = slash < 0 ? (rest, "stdout") : (rest[..slash], rest[(slash + 1)..]);
        if (channel is not ("stdout" or "stderr"))
        {
            return null;
        }
        try
        {
            var process = Names.ResolveProcess(context.Supervisor.View, namespec);
            var path = channel == "stdout" ? process.StdoutLogfile : process.StderrLogfile;
            return path.Length > 0 ? path : null;
        }
        catch (RpcFaultException)
        {
            return null;
        }
    }

    private async Task StreamAsync(HttpExchange exchange, LogFollower log, CancellationToken ct)
    {
        // Exists only while a tail is open: an idle daemon keeps no timer.
        using var timer = new PeriodicTimer(options.Limits.TailPollInterval);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            if (log.Poll())
            {
                await exchange.WriteStreamAsync(Truncated, ct).ConfigureAwait(false);
            }
            int read;
            while ((read = log.Read(buffer)) > 0)
            {
                await exchange.WriteStreamAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
            }
            if (!await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
            {
                return;
            }
        }
    }
}
