using System.Text;

namespace SuperNet.Core.Logging;

/// <summary><c>*_syslog=true</c>: each line of a chunk is sent to syslog as <c>&lt;process name&gt; &lt;line&gt;</c>.</summary>
public sealed class SyslogChildTarget(SyslogClient client, string processName) : IChildLogTarget
{
    public void Write(ReadOnlySpan<byte> data)
    {
        foreach (string line in Encoding.UTF8.GetString(data).TrimEnd('\n').Split('\n'))
            client.Send($"{processName} {line}");
    }
}
