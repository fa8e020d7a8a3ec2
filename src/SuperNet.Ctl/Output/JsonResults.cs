using System.Text;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Output;

/// <summary>The --json documents of commands whose text output is not already an RPC result (README: --json).</summary>
internal static class JsonResults
{
    /// <summary>tail/maintail: the text read and its size in bytes (UTF-8, as the log file holds it).</summary>
    public static XmlRpcStruct Tail(string name, string? channel, string data) => new(
    [
        new("name", name),
        new("channel", channel is null ? new XmlRpcNil() : channel),
        new("bytes", Encoding.UTF8.GetByteCount(data)),
        new("data", data),
    ]);

    /// <summary>health: /readyz's verdict and one entry per program that is not ready (its text line).</summary>
    public static XmlRpcStruct Health(bool ready, int status, string body) => new(
    [
        new("ready", ready),
        new("http_status", status),
        new("not_ready", new XmlRpcArray([.. (ready ? [] : body.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Select(l => (XmlRpcValue)l)])),
    ]);
}
