using SuperNet.Ctl.Rpc;
using SuperNet.XmlRpc;

namespace SuperNet.Ctl.Commands;

/// <summary>
/// The status table: namespec padded to the longest one (at least 30) plus 3, the state name padded to
/// 10, then the description. Lines keep trailing spaces when the description is empty.
/// </summary>
internal static class StatusTable
{
    public static void Write(TextWriter output, IReadOnlyList<XmlRpcStruct> infos)
    {
        var width = 30;
        var namespecs = new string[infos.Count];
        for (var i = 0; i < infos.Count; i++)
        {
            namespecs[i] = infos[i].Namespec();
            width = Math.Max(width, namespecs[i].Length);
        }

        var line = new System.Text.StringBuilder(128);
        for (var i = 0; i < infos.Count; i++)
        {
            line.Clear();
            line.Append(namespecs[i].PadRight(width + 3));
            line.Append(infos[i].Str("statename").PadRight(10));
            line.Append(infos[i].Str("description"));
            output.WriteLine(line.ToString());
        }
    }
}
