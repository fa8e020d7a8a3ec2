using System.Globalization;
using System.Text;
using SuperNet.Core.Logging;
using SuperNet.Core.Supervision;
using SuperNet.Rpc.Methods;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Web;

/// <summary>
/// tail.html: the last `limit` bytes (at least 1024) of a process's stdout log, as supervisord's page shows them;
/// with JavaScript it then follows the log from the byte offset the page ends at, so no line is lost or repeated.
/// </summary>
internal static class TailPage
{
    private const int MinimumLimit = 1024;

    public static string Render(RpcContext context, string? processname, string? limitText)
    {
        var limit = Math.Max(MinimumLimit, int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : MinimumLimit);
        string tail;
        long end = 0;
        if (string.IsNullOrEmpty(processname))
        {
            tail = "No process name found";
        }
        else
        {
            try
            {
                (tail, end) = LastBytes(context, processname, limit);
            }
            catch (RpcFaultException e)
            {
                tail = e.Outcome.Code == Fault.NoFile ? $"No file for {processname}" : $"ERROR: unexpected rpc fault [{e.Code}] {e.Message}";
                processname = e.Outcome.Code == Fault.NoFile ? processname : null;
            }
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>Supervisor tail of process ").Append(Html.E(processname ?? "None")).Append("</title>")
            .Append("<style>").Append(WebAssets.Css).Append("</style></head><body>\n")
            .Append("<header><h1>").Append(Html.E(processname ?? "")).Append(" <small>stdout</small></h1>")
            .Append("<nav><a href=\"index.html\">Status</a>");
        if (!string.IsNullOrEmpty(processname))
        {
            html.Append("<a id=\"refresh\" href=\"tail.html?processname=").Append(Html.Url(processname))
                .Append("&amp;limit=").Append(limit.ToString(CultureInfo.InvariantCulture)).Append("\">Refresh</a>")
                .Append("<span id=\"following\" class=\"live\" hidden>following</span>");
        }
        html.Append("</nav></header>\n<pre id=\"log\"");
        if (!string.IsNullOrEmpty(processname) && !tail.StartsWith("No file", StringComparison.Ordinal))
        {
            html.Append(" data-follow=\"").Append(Html.E(processname)).Append("\" data-offset=\"")
                .Append(end.ToString(CultureInfo.InvariantCulture)).Append('"');
        }
        html.Append('>').Append(Html.E(tail)).Append("</pre>\n<script>").Append(WebAssets.TailScript).Append("</script>\n</body></html>\n");
        return html.ToString();
    }

    /// <summary>
    /// The text readProcessStdoutLog(name, -limit, 0) gives, read as an explicit byte range ending at a size taken
    /// first, so the follow script can go on from exactly that offset while the program keeps writing.
    /// </summary>
    private static (string Text, long End) LastBytes(RpcContext context, string processname, int limit)
    {
        var path = Names.ResolveProcess(context.Supervisor.View, processname).StdoutLogfile;
        if (path.Length == 0 || !LogRotationGate.FileExists(path))
        {
            throw new RpcFaultException(Fault.NoFile, path);
        }
        var end = new FileInfo(path).Length;
        if (end == 0)
        {
            return ("", 0);
        }
        var start = Math.Max(0, end - limit);
        return (((XmlRpcString)new LogMethods(context).ReadProcessLog(processname, start, end - start, stderr: false)).Value, end);
    }
}
