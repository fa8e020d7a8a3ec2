using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Methods;

/// <summary>
/// A getProcessInfo struct encoded straight from the published view into the answer's bytes: getAllProcessInfo
/// writes one per process per call, and building <see cref="Structs.ProcessInfo"/>'s tree (about thirty objects
/// and strings each) was most of its cost. The bytes are those the writer makes of that tree (a test compares them).
/// </summary>
internal sealed record ProcessInfoXml(ProcessView View, DateTimeOffset Now, TimeZoneInfo Zone) : XmlRpcEncoded
{
    public override XmlRpcValue Expand() => Structs.ProcessInfo(View, Now, Zone);

    public override void WriteTo(Utf8Buffer output) => Write(output, View, Now, Zone);

    /// <summary>The struct of <paramref name="p"/>, with no record made (getAllProcessInfo's items).</summary>
    public static void Write(Utf8Buffer output, ProcessView p, DateTimeOffset now, TimeZoneInfo zone)
    {
        var start = p.LastStart?.ToUnixTimeSeconds() ?? 0;
        var stop = p.LastStop?.ToUnixTimeSeconds() ?? 0;
        // Each literal closes the previous member and opens the next: one write per member, not four.
        output.Write("<value><struct>\n<member>\n<name>name</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.Name);
        output.Write("</string></value>\n</member>\n<member>\n<name>group</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.Group);
        output.Write("</string></value>\n</member>\n<member>\n<name>start</name>\n<value><int>"u8);
        output.Write(XmlRpcInt.Clamp(start));
        output.Write("</int></value>\n</member>\n<member>\n<name>stop</name>\n<value><int>"u8);
        output.Write(XmlRpcInt.Clamp(stop));
        output.Write("</int></value>\n</member>\n<member>\n<name>now</name>\n<value><int>"u8);
        output.Write(XmlRpcInt.Clamp(now.ToUnixTimeSeconds()));
        output.Write("</int></value>\n</member>\n<member>\n<name>state</name>\n<value><int>"u8);
        output.Write((int)p.State);
        output.Write("</int></value>\n</member>\n<member>\n<name>statename</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.State.Name());
        output.Write("</string></value>\n</member>\n<member>\n<name>spawnerr</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.SpawnErr);
        output.Write("</string></value>\n</member>\n<member>\n<name>exitstatus</name>\n<value><int>"u8);
        output.Write(p.ExitStatus);
        output.Write("</int></value>\n</member>\n<member>\n<name>logfile</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.ReportedStdoutLogfile);
        output.Write("</string></value>\n</member>\n<member>\n<name>stdout_logfile</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.ReportedStdoutLogfile);
        output.Write("</string></value>\n</member>\n<member>\n<name>stderr_logfile</name>\n<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, p.ReportedStderrLogfile);
        output.Write("</string></value>\n</member>\n<member>\n<name>pid</name>\n<value><int>"u8);
        output.Write(p.Pid);
        output.Write("</int></value>\n</member>\n"u8);
        WriteDescription(output, p, start, stop, now, zone);
        // SuperNet's extension members, in ReadinessFields' and Structs.ProcessInfo's order and conditions.
        if (p.Config.Container.UsesReadiness)
        {
            output.Write("<member>\n<name>ready</name>\n"u8);
            output.Write(p.Ready ? "<value><boolean>1</boolean></value>\n</member>\n"u8 : "<value><boolean>0</boolean></value>\n</member>\n"u8);
            String(output, "<member>\n<name>ready_probe</name>\n"u8, p.Config.Container.Ready.Text);
            String(output, "<member>\n<name>ready_status</name>\n"u8, p.ReadyStatus);
            String(output, "<member>\n<name>health</name>\n"u8, p.Health);
            if (p.Config.Container.DependsOn.Count > 0)
            {
                String(output, "<member>\n<name>waiting</name>\n"u8, p.Waiting?.Code ?? "");
                output.Write("<member>\n<name>waiting_for</name>\n"u8);
                XmlRpcWriter.WriteValue(output, ReadinessFields.WaitingFor(p));
                output.Write("</member>\n"u8);
            }
        }
        if (p.Config.Restart.DelaysEveryRestart)
        {
            output.Write("<member>\n<name>backoff_delay</name>\n"u8);
            XmlRpcWriter.WriteValue(output, new XmlRpcDouble(p.PendingRestart?.Delay.TotalSeconds ?? 0));
            output.Write("</member>\n"u8);
        }
        if (p.Drops is { } drops)
        {
            output.Write("<member>\n<name>dropped_lines</name>\n<value><int>"u8);
            output.Write(XmlRpcInt.Clamp(drops.Count));
            output.Write("</int></value>\n</member>\n"u8);
        }
        output.Write("</struct></value>\n"u8);
    }

    private static void WriteDescription(Utf8Buffer output, ProcessView p, long start, long stop, DateTimeOffset now, TimeZoneInfo zone)
    {
        output.Write("<member>\n<name>description</name>\n<value><string>"u8);
        if (p.Waiting is { } wait)
        {
            XmlRpcWriter.WriteEscaped(output, wait.Text);
            output.Write("</string></value>\n</member>\n"u8);
            return;
        }
        var length = Description.MaxLength(p.SpawnErr, p.Name);
        var text = length <= Description.StackLimit ? stackalloc char[length] : new char[length];
        Description.TryFormatView(text, out var written, p.State, p.Pid, start, stop, now, p.SpawnErr, p.Name, zone,
            p.Config.Restart, p.PendingRestart);
        XmlRpcWriter.WriteEscaped(output, text[..written]);
        output.Write("</string></value>\n</member>\n"u8);
    }

    private static void String(Utf8Buffer output, ReadOnlySpan<byte> member, string value)
    {
        output.Write(member);
        output.Write("<value><string>"u8);
        XmlRpcWriter.WriteEscaped(output, value);
        output.Write("</string></value>\n</member>\n"u8);
    }
}
