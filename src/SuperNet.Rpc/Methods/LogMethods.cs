using System.Text;
using SuperNet.Core.Logging;
using SuperNet.Rpc.Backend;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>readLog, readProcess*Log, tailProcess*Log, clear* (contract §2.6, traps 12, 13).</summary>
/// <remarks>The offset rules live in <see cref="LogFileReader"/>; this layer decodes and maps faults.</remarks>
internal sealed class LogMethods(ISupervisorBackend backend)
{
    public XmlRpcValue ReadMainLog(long offset, long length) => Read(backend.MainLogfile, offset, length);

    public XmlRpcValue ReadProcessLog(string name, long offset, long length, bool stderr) =>
        Read(LogPath(name, stderr), offset, length);

    public XmlRpcValue TailProcessLog(string name, long offset, long length, bool stderr)
    {
        var path = LogPath(name, stderr);
        if (path is null)
        {
            return new XmlRpcArray(["", 0, false]);
        }
        var tail = LogFileReader.Tail(path, offset, length);
        return new XmlRpcArray([Decode(tail.Data), tail.Offset, tail.Overflow]);
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

    private static string Read(string? path, long offset, long length)
    {
        if (path is null)
        {
            throw new RpcFaultException(Faults.NoFile);
        }
        try
        {
            return Decode(LogFileReader.Read(path, offset, length));
        }
        catch (LogReadException e)
        {
            // Upstream's fault texts carry no OS detail, only NO_FILE names the path.
            throw e.Error switch
            {
                LogReadError.NoFile => new RpcFaultException(Faults.NoFile, path),
                LogReadError.BadArguments => new RpcFaultException(Faults.BadArguments),
                _ => new RpcFaultException(Faults.Failed),
            };
        }
    }

    // Upstream fails with HTTP 500 on a split UTF-8 character; replacement characters keep the reply valid.
    private static string Decode(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private string? LogPath(string name, bool stderr)
    {
        var process = Names.ResolveProcess(backend.GetSnapshot(), name);
        return stderr ? process.StderrLogfile : process.StdoutLogfile;
    }
}
