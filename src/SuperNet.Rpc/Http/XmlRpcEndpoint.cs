using Microsoft.AspNetCore.Http;
using SuperNet.Core.Config;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Http;

/// <summary>POST /RPC2*: parse, dispatch, answer (contract §1.4, trap 24).</summary>
internal sealed class XmlRpcEndpoint(RpcDispatcher dispatcher, ControlServerOptions options)
{
    public async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            await Responses.Error(context, StatusCodes.Status400BadRequest);
            return;
        }
        if (request.ContentLength is not { } length)
        {
            await Responses.Error(context, StatusCodes.Status411LengthRequired);
            return;
        }
        if (length > options.MaxRequestBodyBytes)
        {
            context.Response.Headers.Connection = "close";
            await Responses.Error(context, StatusCodes.Status413PayloadTooLarge);
            return;
        }
        var body = new byte[length];
        var read = await request.Body.ReadAtLeastAsync(body, body.Length, throwOnEndOfStream: false, context.RequestAborted);
        if (read < body.Length)
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
            await Responses.Error(context, StatusCodes.Status400BadRequest);
            return;
        }

        byte[] answer;
        try
        {
            answer = XmlRpcWriter.WriteResponse(await dispatcher.CallAsync(call.MethodName, call.Params, context.RequestAborted));
        }
        catch (RpcFaultException f)
        {
            answer = XmlRpcWriter.WriteFault(new XmlRpcFault(f.Code, f.Message));
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            // Wrong argument types land here too: supervisord answers both with a 500.
            options.Log(LogLevel.Critical, $"Handling XML-RPC request {call.MethodName} raised an unexpected exception: {e.GetType().Name}: {e.Message}");
            await Responses.Error(context, StatusCodes.Status500InternalServerError);
            return;
        }
        await Responses.Body(context, "text/xml", answer);
    }
}
