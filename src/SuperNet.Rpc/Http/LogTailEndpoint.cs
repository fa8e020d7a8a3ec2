using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using SuperNet.Rpc.Backend;
using SuperNet.Rpc.Methods;

namespace SuperNet.Rpc.Http;

/// <summary>
/// GET /logtail/&lt;namespec&gt;[/stdout|stderr] and /mainlogtail (contract §7.1): the last 1024 bytes,
/// then every new byte as its own chunk until the client leaves. The file is re-opened on each poll,
/// so a truncated, cleared or rotated log is followed.
/// </summary>
internal sealed class LogTailEndpoint(ISupervisorBackend backend, ControlServerOptions options, CancellationToken serverStopping)
{
    private static readonly byte[] Truncated = "==> File truncated <==\n"u8.ToArray();

    public async Task HandleAsync(HttpContext context, string rawPath, bool main)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest);
            return;
        }
        var path = main ? backend.MainLogfile : ProcessLog(rawPath);
        if (path is null || !File.Exists(path))
        {
            await Responses.Error(context, StatusCodes.Status404NotFound);
            return;
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        Responses.Common(response);
        response.Headers.LastModified = File.GetLastWriteTimeUtc(path).ToString("R", CultureInfo.InvariantCulture);
        response.ContentType = "text/plain;charset=utf-8";
        if (!main)
        {
            response.Headers["X-Accel-Buffering"] = "no";
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, serverStopping);
        try
        {
            await StreamAsync(response, path, stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client closed the stream or the server is stopping: both end a tail normally.
        }
    }

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
            var process = Names.ResolveProcess(backend.GetSnapshot(), namespec);
            return channel == "stdout" ? process.StdoutLogfile : process.StderrLogfile;
        }
        catch (RpcFaultException)
        {
            return null;
        }
    }

    private async Task StreamAsync(HttpResponse response, string path, CancellationToken ct)
    {
        await response.StartAsync(ct);
        var position = Math.Max(0, Length(path) - 1024);
        using var timer = new PeriodicTimer(options.TailPollInterval);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var size = Length(path);
            if (size < position)
            {
                await response.Body.WriteAsync(Truncated, ct);
                position = 0;
            }
            while (size > position)
            {
                var read = ReadAt(path, position, buffer);
                if (read == 0)
                {
                    break;
                }
                await response.Body.WriteAsync(buffer.AsMemory(0, read), ct);
                position += read;
            }
            await response.Body.FlushAsync(ct);
            if (!await timer.WaitForNextTickAsync(ct))
            {
                return;
            }
        }
    }

    private static long Length(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static int ReadAt(string path, long position, byte[] buffer)
    {
        try
        {
            using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
            f.Position = position;
            return f.Read(buffer);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
