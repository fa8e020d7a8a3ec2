using System.Text;
using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>readLog, readProcess*Log, tailProcess*Log, clear* (contract §2.6, traps 12, 13).</summary>
/// <remarks>The offset rules live in <see cref="LogFileReader"/>; this layer decodes and maps faults.</remarks>
internal sealed class LogMethods(RpcContext context)
{
    // The offset and length are converted only after the name and the file are checked, as supervisord calls int()
    // on them: a process that does not exist is BAD_NAME whatever the other arguments are.
    public XmlRpcValue ReadMainLog(XmlRpcValue offset, XmlRpcValue length) => Read(context.MainLogfile, offset, length);

    public XmlRpcValue ReadProcessLog(string name, XmlRpcValue offset, XmlRpcValue length, bool stderr) =>
        Read(LogPath(name, stderr), offset, length);

    public XmlRpcValue TailProcessLog(string name, XmlRpcValue offset, XmlRpcValue length, bool stderr)
    {
        var path = LogPath(name, stderr);
        if (path is null || !LogFileReader.Exists(path))
        {
            return new XmlRpcArray(["", 0, false]);
        }
        var tail = LogFileReader.Tail(path, Args.Int(offset), Args.Int(length));
        return new XmlRpcArray([Decode(tail.Data), tail.Offset, tail.Overflow]);
    }

    public async ValueTask<XmlRpcValue> ClearProcessLogs(string name, CancellationToken ct)
    {
        var process = Names.ResolveProcess(context.Supervisor.View, name);
        var outcome = await context.Supervisor.ClearLogsAsync(process.Id).WaitAsync(ct);
        return outcome.Succeeded ? true : throw new RpcFaultException(outcome);
    }

    public async ValueTask<XmlRpcValue> ClearAllProcessLogs(CancellationToken ct)
    {
        var results = new List<XmlRpcValue>();
        foreach (var p in Ordering.AllByPriority(context.Supervisor.View))
        {
            results.Add(Structs.Status(p, await context.Supervisor.ClearLogsAsync(p.Id).WaitAsync(ct)));
        }
        return new XmlRpcArray(results);
    }

    public async ValueTask<XmlRpcValue> ClearMainLog(CancellationToken ct)
    {
        if (context.MainLog is not { } mainLog)
        {
            throw new RpcFaultException(Fault.NoFile);
        }
        LogClearResult result;
        try
        {
            // On the owner thread, so "reopening log file" lands between the engine's own lines, never inside one.
            var path = context.MainLogfile;
            result = await context.Supervisor.InvokeAsync(() => mainLog.Clear(path)).WaitAsync(ct);
        }
        catch (SupervisorEndedException)
        {
            throw new RpcFaultException(Fault.ShutdownState);
        }
        return result switch
        {
            // supervisord's clearLog names no path in either fault, unlike its readLog.
            LogClearResult.NoFile => throw new RpcFaultException(Fault.NoFile),
            LogClearResult.Failed => throw new RpcFaultException(Fault.Failed),
            _ => true,
        };
    }

    private static string Read(string? path, XmlRpcValue offset, XmlRpcValue length)
    {
        if (path is null)
        {
            throw new RpcFaultException(Fault.NoFile);
        }
        if (!LogFileReader.Exists(path))
        {
            throw new RpcFaultException(Fault.NoFile, path);
        }
        try
        {
            return Decode(LogFileReader.Read(path, Args.Int(offset), Args.Int(length)));
        }
        catch (LogReadException e)
        {
            // Upstream's fault texts carry no OS detail, only NO_FILE names the path.
            throw e.Error switch
            {
                LogReadError.NoFile => new RpcFaultException(Fault.NoFile, path),
                LogReadError.BadArguments => new RpcFaultException(Fault.BadArguments),
                _ => new RpcFaultException(Fault.Failed),
            };
        }
    }

    // Upstream fails with HTTP 500 on a split UTF-8 character; replacement characters keep the reply valid.
    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    // A channel written to the daemon's own stream is read at the path it was given (/dev/stdout, ...), as supervisord
    // reads it: a pipe or terminal there cannot seek, so a read is FAILED and a tail ('', offset, False), which
    // supervisorctl prints as "unknown error reading log".
    private string? LogPath(string name, bool stderr)
    {
        var process = Names.ResolveProcess(context.Supervisor.View, name);
        var path = stderr ? process.ReportedStderrLogfile : process.ReportedStdoutLogfile;
        return path.Length > 0 ? path : null;
    }
}
