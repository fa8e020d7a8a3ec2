using SuperNet.Ctl.Output;
using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>
/// The status table: namespec padded to the longest one (at least 30) plus 3 (in code points, as Python counts), the state name padded to
/// 10, then the description. Lines keep trailing spaces when the description is empty. When some process
/// reports readiness (SuperNet's getProcessInfo "ready" member), a READY column padded to 10 follows the
/// state; without one the table is supervisorctl's, byte for byte. Under another name than supernetctl (the
/// image's /usr/bin/supervisorctl link) the table is always supervisorctl's: scripts written for it split the
/// line into fields, and an extra column moves the pid.
/// </summary>
internal static class StatusTable
{
    public static void Write(TextWriter output, IReadOnlyList<XmlRpcStruct> infos, bool underOwnName)
    {
        var width = 30;
        var namespecs = new string[infos.Count];
        for (var i = 0; i < infos.Count; i++)
        {
            namespecs[i] = infos[i].Namespec();
            width = Math.Max(width, PyPad.Length(namespecs[i]));
        }

        var readiness = underOwnName && infos.Any(i => i["ready"] is not null);
        var line = new System.Text.StringBuilder(128);
        for (var i = 0; i < infos.Count; i++)
        {
            line.Clear();
            line.Append(PyPad.Right(namespecs[i], width + 3));
            line.Append(PyPad.Right(infos[i].Str("statename"), 10));
            if (readiness)
            {
                line.Append(PyPad.Right(ReadyColumn(infos[i]), 10));
            }
            line.Append(infos[i].Str("description"));
            output.WriteLine(line.ToString());
        }
    }

    /// <summary>"ready", "not-ready", "unhealthy" (failing its healthcheck=), or "" for a process without readiness.</summary>
    private static string ReadyColumn(XmlRpcStruct info) =>
        info["ready"] is null ? "" : info.Str("health") == "unhealthy" ? "unhealthy" : info.Bool("ready") ? "ready" : "not-ready";
}
