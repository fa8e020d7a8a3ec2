using System.Text;
using SuperNet.Core;
using SuperNet.Core.Config;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Json;

/// <summary>
/// /api/v1: every request becomes calls of the XML-RPC methods (the same dispatcher, so the same state checks,
/// fan-out, waits and faults), and their results are answered as JSON with getProcessInfo's field names.
/// </summary>
internal sealed class JsonApi
{
    private const string Prefix = "/api/v1/";

    private readonly RpcContext context;
    private readonly RpcDispatcher dispatcher;
    private readonly LogTailEndpoint tail;
    private readonly ControlServerOptions options;

    public JsonApi(RpcContext context, ControlServerOptions options, LogTailEndpoint tail)
    {
        this.context = context;
        this.options = options;
        this.tail = tail;
        // Its own "supervisor" namespace: the API answers whatever [rpcinterface:x] names the XML-RPC side uses.
        dispatcher = new RpcDispatcher(context, ["supervisor"], options.Limits);
    }

    /// <summary>Everything under /api: an unknown version or path is answered in JSON too.</summary>
    public static bool Serves(string path) => path.StartsWith("/api/", StringComparison.Ordinal) || path == "/api";

    public async Task HandleAsync(HttpExchange exchange, string path, string? query)
    {
        try
        {
            await RouteAsync(exchange, path, new ApiQuery(query)).ConfigureAwait(false);
        }
        catch (ApiException e)
        {
            await ApiAnswer.Fault(exchange, e.Outcome, e.Status, e.Allow).ConfigureAwait(false);
        }
        catch (RpcFaultException f)
        {
            await ApiAnswer.Fault(exchange, f.Outcome).ConfigureAwait(false);
        }
        catch (RpcArgumentTypeException e)
        {
            await ApiAnswer.Fault(exchange, Outcome.Of(Fault.BadArguments, e.Message)).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (exchange.Aborted.IsCancellationRequested)
        {
            // The client left while its request waited.
        }
        catch (Exception e) when (!exchange.ResponseStarted)
        {
            options.Log(LogLevel.Critical, $"Handling {LogText.Safe(exchange.Method)} {LogText.Safe(path)} raised an unexpected exception: {e.GetType().Name}: {LogText.Safe(e.Message)}");
            await ApiAnswer.Fault(exchange, Outcome.Of(Fault.Failed, e.GetType().Name + ": " + e.Message)).ConfigureAwait(false);
        }
    }

    private Task RouteAsync(HttpExchange exchange, string path, ApiQuery query)
    {
        if (!path.StartsWith(Prefix, StringComparison.Ordinal))
        {
            throw ApiException.NotFound(path);
        }
        var segments = path[Prefix.Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        var method = exchange.Method.ToUpperInvariant();
        switch (segments)
        {
            case ["state"]:
                Allow(method, "GET");
                return StateAsync(exchange);
            case ["openapi.json"]:
                Allow(method, "GET");
                return exchange.RespondAsync(200, ApiAnswer.ContentType, OpenApiDocument.Bytes);
            case ["processes"]:
                Allow(method, "GET");
                return CallAsync(exchange, "getAllProcessInfo");
            case ["config"]:
                Allow(method, "GET");
                return CallAsync(exchange, "getAllConfigInfo");
            case ["reread"]:
                Allow(method, "POST");
                return RereadAsync(exchange);
            case ["update"]:
                Allow(method, "POST");
                return UpdateAsync(exchange);
            case ["processes", var spec]:
                Allow(method, "GET");
                return ProcessAsync(exchange, spec);
            case ["processes", var spec, var action] when action is "start" or "stop" or "restart" or "stdin":
                Allow(method, "POST");
                return action switch
                {
                    "start" => ControlAsync(exchange, spec, start: true, query.Flag("wait", true)),
                    "stop" => ControlAsync(exchange, spec, start: false, query.Flag("wait", true)),
                    "restart" => RestartAsync(exchange, spec, query.Flag("wait", true)),
                    _ => StdinAsync(exchange, spec),
                };
            case ["processes", var spec, "signal", var signal]:
                Allow(method, "POST");
                return SignalAsync(exchange, spec, signal);
            case ["processes", var spec, "log", var channel] when channel is "stdout" or "stderr":
                Allow(method, "GET");
                return query.Flag("follow", false)
                    ? FollowAsync(exchange, spec, channel)
                    : LogAsync(exchange, spec, channel, query.Integer("offset", 0), query.Integer("length", 64 * 1024));
            default:
                throw ApiException.NotFound(path);
        }
    }

    /// <summary>HEAD answers as GET without the body (HttpExchange drops it); any other method is a 405.</summary>
    private static void Allow(string method, string allowed)
    {
        if (method != allowed && !(method == "HEAD" && allowed == "GET"))
        {
            throw new ApiException(405, Fault.UnknownMethod, $"{method} is not allowed here, only {allowed}", allowed);
        }
    }

    private ValueTask<XmlRpcValue> Call(string name, CancellationToken ct, params XmlRpcValue[] args) =>
        dispatcher.CallAsync("supervisor." + name, args, ct);

    private async Task CallAsync(HttpExchange exchange, string name, params XmlRpcValue[] args) =>
        await ApiAnswer.Value(exchange, await Call(name, exchange.Aborted, args).ConfigureAwait(false)).ConfigureAwait(false);

    private async Task StateAsync(HttpExchange exchange)
    {
        var state = (XmlRpcStruct)await Call("getState", exchange.Aborted).ConfigureAwait(false);
        var body = new ApiState(
            (int)((XmlRpcInt)state["statecode"]!).Value, ((XmlRpcString)state["statename"]!).Value, Environment.ProcessId,
            "3.0", context.SupervisorVersion, SuperNetVersion.Value, context.Identification);
        await ApiAnswer.Typed(exchange, body, ApiJsonContext.Default.ApiState).ConfigureAwait(false);
    }

    /// <summary>One process's getProcessInfo; a group spec ("g:*") lists the group's, in getAllProcessInfo's order.</summary>
    private async Task ProcessAsync(HttpExchange exchange, string spec)
    {
        var (group, process) = Names.Resolve(context.Supervisor.View, spec);
        if (process is not null)
        {
            await CallAsync(exchange, "getProcessInfo", spec).ConfigureAwait(false);
            return;
        }
        var all = (XmlRpcArray)await Call("getAllProcessInfo", exchange.Aborted).ConfigureAwait(false);
        await ApiAnswer.Value(exchange, new XmlRpcArray([.. all.Items.Select(i => i.Tree).Where(i => i is XmlRpcStruct s && s["group"] is XmlRpcString g && g.Value == group.Name)]))
            .ConfigureAwait(false);
    }

    /// <summary>
    /// start/stop of one process, a group or all: answered as an array of getAllProcessInfo-style status
    /// results ({name, group, status, description}) in every case, so a client reads one shape.
    /// </summary>
    private async Task ControlAsync(HttpExchange exchange, string spec, bool start, bool wait) =>
        await ApiAnswer.Value(exchange, await Control(spec, start, wait, exchange.Aborted).ConfigureAwait(false)).ConfigureAwait(false);

    private async Task<XmlRpcValue> Control(string spec, bool start, bool wait, CancellationToken ct)
    {
        var verb = start ? "start" : "stop";
        if (spec == "all")
        {
            return await Call(verb + "AllProcesses", ct, wait).ConfigureAwait(false);
        }
        var (_, process) = Names.Resolve(context.Supervisor.View, spec);
        var result = await Call(verb + "Process", ct, spec, wait).ConfigureAwait(false);
        return process is null ? result : new XmlRpcArray([Structs.Status(process, Outcome.Ok)]);
    }

    /// <summary>supervisorctl's restart: stop (waiting), then start; a process that was not running is simply started.</summary>
    private async Task RestartAsync(HttpExchange exchange, string spec, bool wait)
    {
        XmlRpcValue stopped;
        try
        {
            stopped = await Control(spec, start: false, wait: true, exchange.Aborted).ConfigureAwait(false);
        }
        catch (RpcFaultException f) when (f.Outcome.Code == Fault.NotRunning)
        {
            stopped = XmlRpcArray.Empty;
        }
        var started = await Control(spec, start: true, wait, exchange.Aborted).ConfigureAwait(false);
        await ApiAnswer.Value(exchange, new XmlRpcStruct([new("stop", stopped), new("start", started)])).ConfigureAwait(false);
    }

    private async Task SignalAsync(HttpExchange exchange, string spec, string signal)
    {
        if (spec == "all")
        {
            await CallAsync(exchange, "signalAllProcesses", signal).ConfigureAwait(false);
            return;
        }
        var (_, process) = Names.Resolve(context.Supervisor.View, spec);
        var result = await Call("signalProcess", exchange.Aborted, spec, signal).ConfigureAwait(false);
        await ApiAnswer.Value(exchange, process is null ? result : new XmlRpcArray([Structs.Status(process, Outcome.Ok)])).ConfigureAwait(false);
    }

    /// <summary>The request body, as it is, goes to the process's stdin (sendProcessStdin).</summary>
    private async Task StdinAsync(HttpExchange exchange, string spec)
    {
        if (exchange.ContentLength is not { } length)
        {
            throw new ApiException(411, Fault.IncorrectParameters, "the body's Content-Length is required");
        }
        if (length > options.Limits.MaxRequestBodyBytes)
        {
            throw new ApiException(413, Fault.BadArguments, $"the body is larger than {options.Limits.MaxRequestBodyBytes} bytes");
        }
        if (await exchange.ReadBodyAsync().ConfigureAwait(false) is not { } body)
        {
            return;
        }
        var process = Names.ResolveProcess(context.Supervisor.View, spec);
        await Call("sendProcessStdin", exchange.Aborted, spec, Encoding.UTF8.GetString(body)).ConfigureAwait(false);
        await ApiAnswer.Value(exchange, new XmlRpcArray([Structs.Status(process, Outcome.Ok)])).ConfigureAwait(false);
    }

    /// <summary>tailProcess*Log: up to length bytes from offset (the newest when more were written), and the next offset.</summary>
    private async Task LogAsync(HttpExchange exchange, string spec, string channel, long offset, long length)
    {
        var name = channel == "stdout" ? "tailProcessStdoutLog" : "tailProcessStderrLog";
        var tailed = (XmlRpcArray)await Call(name, exchange.Aborted, spec, offset, length).ConfigureAwait(false);
        var data = ((XmlRpcString)tailed.Items[0]).Value;
        var slice = new ApiLogSlice(data, ((XmlRpcInt)tailed.Items[1]).Value, ((XmlRpcBoolean)tailed.Items[2]).Value, Encoding.UTF8.GetByteCount(data));
        await ApiAnswer.Typed(exchange, slice, ApiJsonContext.Default.ApiLogSlice).ConfigureAwait(false);
    }

    /// <summary>
    /// ?follow=true: the /logtail stream itself (the last 1024 bytes, then every new byte), after the name is checked
    /// here. A HEAD gets the stream's head alone (/logtail answers HEAD with an HTML 400, as supervisord's does).
    /// </summary>
    private async Task FollowAsync(HttpExchange exchange, string spec, string channel)
    {
        var process = Names.ResolveProcess(context.Supervisor.View, spec);
        if ((channel == "stdout" ? process.StdoutLogfile : process.StderrLogfile).Length == 0)
        {
            throw new RpcFaultException(Fault.NoFile, $"{spec} has no {channel} log file");
        }
        if (exchange.Method.Equals("HEAD", StringComparison.OrdinalIgnoreCase))
        {
            await exchange.StartStreamAsync(200, "text/plain;charset=utf-8", exchange.Aborted).ConfigureAwait(false);
            return;
        }
        await tail.HandleAsync(exchange, "/logtail/" + Uri.EscapeDataString(spec) + "/" + channel, main: false).ConfigureAwait(false);
    }

    private async Task RereadAsync(HttpExchange exchange) =>
        await ApiAnswer.Typed(exchange, await Reread(exchange.Aborted).ConfigureAwait(false), ApiJsonContext.Default.ApiGroupChanges).ConfigureAwait(false);

    private async Task<ApiGroupChanges> Reread(CancellationToken ct)
    {
        var diff = (XmlRpcArray)((XmlRpcArray)await Call("reloadConfig", ct).ConfigureAwait(false)).Items[0];
        static IReadOnlyList<string> Names(XmlRpcValue list) => [.. ((XmlRpcArray)list).Items.Select(n => ((XmlRpcString)n).Value)];
        return new ApiGroupChanges(Names(diff.Items[0]), Names(diff.Items[1]), Names(diff.Items[2]));
    }

    /// <summary>supervisorctl's update: reread, then stop and remove the removed and changed groups, and add the changed and added ones.</summary>
    private async Task UpdateAsync(HttpExchange exchange)
    {
        var ct = exchange.Aborted;
        var changes = await Reread(ct).ConfigureAwait(false);
        foreach (var group in changes.Removed.Concat(changes.Changed))
        {
            await Call("stopProcessGroup", ct, group, true).ConfigureAwait(false);
            await Call("removeProcessGroup", ct, group).ConfigureAwait(false);
        }
        foreach (var group in changes.Changed.Concat(changes.Added))
        {
            await Call("addProcessGroup", ct, group).ConfigureAwait(false);
        }
        await ApiAnswer.Typed(exchange, changes, ApiJsonContext.Default.ApiGroupChanges).ConfigureAwait(false);
    }
}
