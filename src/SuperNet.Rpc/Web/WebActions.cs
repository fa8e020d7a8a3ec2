using SuperNet.Core.Supervision;
using SuperNet.Rpc.Methods;

namespace SuperNet.Rpc.Web;

/// <summary>
/// The status page's actions, through the same methods the XML-RPC calls use (waiting, as supervisord's page
/// does), each answered with supervisord's message text so the redirect's ?message= reads the same.
/// </summary>
internal sealed class WebActions(RpcContext context)
{
    private readonly ProcessControl _control = new(context);
    private readonly LogMethods _logs = new(context);

    public static bool IsKnown(string action) =>
        action is "refresh" or "stopall" or "restartall" or "start" or "stop" or "restart" or "clearlog";

    public async Task<string?> RunAsync(string action, string? namespec, CancellationToken ct)
    {
        var engine = context.Supervisor;
        switch (action)
        {
            case "refresh":
                return $"Page refreshed at {Html.CTime(engine.WallNow, engine.LocalZone)}";
            case "stopall":
                await _control.StopAllProcesses(wait: true, ct);
                return $"All stopped at {Html.CTime(engine.WallNow, engine.LocalZone)}";
            case "restartall":
                await Faulting(() => _control.StopAllProcesses(wait: true, ct));
                await Faulting(() => _control.StartAllProcesses(wait: true, ct));
                return $"All restarted at {Html.CTime(engine.WallNow, engine.LocalZone)}";
        }
        if (string.IsNullOrEmpty(namespec))
        {
            return null;
        }
        try
        {
            Names.ResolveProcess(engine.View, namespec);
        }
        catch (RpcFaultException)
        {
            return $"No such process named {namespec}";
        }
        return action switch
        {
            "start" => await Start(namespec, ct),
            "stop" => await Unexpected(async () => await _control.StopProcess(namespec, wait: true, ct), $"Process {namespec} stopped"),
            "restart" => await Restart(namespec, ct),
            _ => await Unexpected(async () => await _logs.ClearProcessLogs(namespec, ct), $"Log for {namespec} cleared"),
        };
    }

    private async Task<string> Start(string namespec, CancellationToken ct)
    {
        try
        {
            await _control.StartProcess(namespec, wait: true, ct);
            return $"Process {namespec} started";
        }
        catch (RpcFaultException e)
        {
            var why = e.Outcome.Code switch
            {
                Fault.NoFile => "no such file",
                Fault.NotExecutable => "file not executable",
                Fault.AlreadyStarted => "already started",
                Fault.SpawnError => "spawn error",
                Fault.AbnormalTermination => "abnormal termination",
                _ => UnexpectedText(e),
            };
            return $"ERROR: Process {namespec}: {why}";
        }
    }

    /// <summary>supervisord's restart is a multicall of stop then start: a fault in either is not reported.</summary>
    private async Task<string> Restart(string namespec, CancellationToken ct)
    {
        await Faulting(() => _control.StopProcess(namespec, wait: true, ct));
        await Faulting(() => _control.StartProcess(namespec, wait: true, ct));
        return $"Process {namespec} restarted";
    }

    private static async Task Faulting(Func<ValueTask<SuperNet.XmlRpc.XmlRpcValue>> call)
    {
        try
        {
            await call();
        }
        catch (RpcFaultException)
        {
            // Answered inside the multicall; the page's message does not show it.
        }
    }

    private static async Task<string> Unexpected(Func<Task> call, string done)
    {
        try
        {
            await call();
            return done;
        }
        catch (RpcFaultException e)
        {
            return UnexpectedText(e);
        }
    }

    private static string UnexpectedText(RpcFaultException e) => $"unexpected rpc fault [{e.Code}] {e.Message}";
}
