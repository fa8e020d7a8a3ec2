using SuperNet.Rpc.Backend;
using SuperNet.Rpc.Logs;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>readLog, readProcess*Log, tailProcess*Log, clear* (contract §2.6, traps 12, 13).</summary>
internal sealed class LogMethods(ISupervisorBackend backend)
{
    public XmlRpcValue ReadMainLog(long offset, long length)
    {
        var path = backend.MainLogfile;
        if (path is null || !File.Exists(path))
        {
            throw new RpcFaultException(Faults.NoFile, path);
        }
        return LogFile.Read(path, offset, length);
    }

    public XmlRpcValue ReadProcessLog(string name, long offset, long length, bool stderr)
    {
        var path = LogPath(name, stderr);
        if (path is null || !File.Exists(path))
        {
            throw new RpcFaultException(Faults.NoFile, path);
        }
        return LogFile.Read(path, offset, length);
    }

    public XmlRpcValue TailProcessLog(string name, long offset, long length, bool stderr)
    {
        var path = LogPath(name, stderr);
        if (path is null || !File.Exists(path))
        {
            return new XmlRpcArray(["", 0, false]);
        }
        var (data, newOffset, overflow) = LogFile.Tail(path, offset, length);
        return new XmlRpcArray([data, newOffset, overflow]);
    }

    public async ValueTask<XmlRpcValue> ClearProcessLogs(string name, CancellationToken ct)
    {
        var process = Names.ResolveProcess(backend.GetSnapshot(), name);
        await backend.ClearProcessLogsAsync(Names.Key(process), ct);
        return true;
    }

    public async ValueTask<XmlRpcValue> ClearAllProcessLogs(CancellationToken ct)
    {
        var results = new List<XmlRpcValue>();
        foreach (var p in Ordering.AllByPriority(backend.GetSnapshot()))
        {
            try
            {
                await backend.ClearProcessLogsAsync(Names.Key(p), ct);
                results.Add(Structs.Ok(p));
            }
            catch (RpcFaultException f)
            {
                results.Add(Structs.Status(p, f.Code, f.Message));
            }
        }
        return new XmlRpcArray(results);
    }

    public async ValueTask<XmlRpcValue> ClearMainLog(CancellationToken ct)
    {
        await backend.ClearMainLogAsync(ct);
        return true;
    }

    private string? LogPath(string name, bool stderr)
    {
        var process = Names.ResolveProcess(backend.GetSnapshot(), name);
        return stderr ? process.StderrLogfile : process.StdoutLogfile;
    }
}
