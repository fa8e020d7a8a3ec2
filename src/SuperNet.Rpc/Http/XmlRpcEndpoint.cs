using SuperNet.Core.Config;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Http;

/// <summary>POST /RPC2*: parse, dispatch, answer (contract §1.4, trap 24).</summary>
internal sealed class XmlRpcEndpoint(RpcDispatcher dispatcher, ControlServerOptions options)
{
    /// <summary>About 2 MB of answer (1800 programs' process info) is held whole; beyond that it is streamed.</summary>
    private const int PieceBytes = 2 << 20;

    public async Task HandleAsync(HttpExchange exchange)
    {
        if (!exchange.Method.Equals("POST", StringComparison.OrdinalIgnoreCase))
        {
            await Responses.Error(exchange, 400).ConfigureAwait(false);
            return;
        }
        if (exchange.ContentLength is not { } length)
        {
            await Responses.Error(exchange, 411).ConfigureAwait(false);
            return;
        }
        if (length > options.Limits.MaxRequestBodyBytes)
        {
            await Responses.Error(exchange, 413, close: true).ConfigureAwait(false);
            return;
        }
        if (await exchange.ReadBodyAsync().ConfigureAwait(false) is not { } body)
        {
            return; // the client went away mid-body
        }

        XmlRpcMethodCall call;
        try
        {
            call = XmlRpcReader.ReadMethodCall(body);
        }
        catch (XmlRpcParseException e)
        {
            options.Log(LogLevel.Error, $"XML-RPC request data is invalid: {LogText.Safe(e.Message)}");
            await Responses.Error(exchange, 400).ConfigureAwait(false);
            return;
        }

        IEnumerator<ReadOnlyMemory<byte>> pieces;
        try
        {
            var result = await dispatcher.CallAsync(call.MethodName, call.Params, exchange.Aborted).ConfigureAwait(false);
            pieces = XmlRpcWriter.WriteResponsePieces(result, PieceBytes).GetEnumerator();
            pieces.MoveNext();
        }
        catch (RpcFaultException f)
        {
            pieces = Single(XmlRpcWriter.WriteFault(new XmlRpcFault(f.Code, f.Message)));
            pieces.MoveNext();
        }
        catch (OperationCanceledException) when (exchange.Aborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Wrong argument types land here too: supervisord answers both with a 500.
            options.Log(LogLevel.Critical, $"Handling XML-RPC request {LogText.Safe(call.MethodName)} raised an unexpected exception: {e.GetType().Name}: {LogText.Safe(e.Message)}");
            await Responses.Error(exchange, 500).ConfigureAwait(false);
            return;
        }
        using (pieces)
        {
            await AnswerAsync(exchange, pieces).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// An answer that fits in one piece goes out with a Content-Length, as supervisord's always does. A larger one
    /// (getAllProcessInfo with thousands of programs) is sent as it is written, chunked for HTTP/1.1 and until the
    /// close for HTTP/1.0, so the daemon never holds it whole.
    /// </summary>
    private static async Task AnswerAsync(HttpExchange exchange, IEnumerator<ReadOnlyMemory<byte>> pieces)
    {
        if (pieces.Current.Length < PieceBytes)
        {
            // The writer hands out a piece early only once it holds PieceBytes, so a shorter one is the whole answer.
            await exchange.RespondAsync(200, "text/xml", pieces.Current).ConfigureAwait(false);
            return;
        }
        // A piece is valid until the next is made: only a big one (one huge value, or a long array's first) is copied.
        var first = pieces.Current.ToArray();
        if (!pieces.MoveNext())
        {
            await exchange.RespondAsync(200, "text/xml", first).ConfigureAwait(false);
            return;
        }
        exchange.WidenSendBuffer();
        await exchange.StartStreamAsync(200, "text/xml", exchange.Aborted).ConfigureAwait(false);
        await exchange.WriteStreamAsync(first, exchange.Aborted).ConfigureAwait(false);
        // Seconds of writing (100 000 programs): on a pool thread, not the epoll thread that serves every other connection.
        await Task.Yield();
        do
        {
            await exchange.WriteStreamAsync(pieces.Current, exchange.Aborted).ConfigureAwait(false);
        }
        while (pieces.MoveNext());
    }

    private static IEnumerator<ReadOnlyMemory<byte>> Single(byte[] answer)
    {
        yield return answer;
    }
}
