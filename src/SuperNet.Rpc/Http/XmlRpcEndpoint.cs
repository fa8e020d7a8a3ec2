using SuperNet.Core.Config;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Http;

/// <summary>POST /RPC2*: parse, dispatch, answer (contract §1.4, trap 24).</summary>
internal sealed class XmlRpcEndpoint(RpcDispatcher dispatcher, ControlServerOptions options)
{
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
            options.Log(LogLevel.Error, $"XML-RPC request data is invalid: {e.Message}");
            await Responses.Error(exchange, 400).ConfigureAwait(false);
            return;
        }

        byte[] answer;
        try
        {
            answer = XmlRpcWriter.WriteResponse(await dispatcher.CallAsync(call.MethodName, call.Params, exchange.Aborted).ConfigureAwait(false));
        }
        catch (RpcFaultException f)
        {
            answer = XmlRpcWriter.WriteFault(new XmlRpcFault(f.Code, f.Message));
        }
        catch (OperationCanceledException) when (exchange.Aborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Wrong argument types land here too: supervisord answers both with a 500.
            options.Log(LogLevel.Critical, $"Handling XML-RPC request {call.MethodName} raised an unexpected exception: {e.GetType().Name}: {e.Message}");
            await Responses.Error(exchange, 500).ConfigureAwait(false);
            return;
        }
        await Responses.Body(exchange, "text/xml", answer).ConfigureAwait(false);
    }
}
