using System.Globalization;
using System.Text;
using SuperNet.Core.Logging;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Events;

/// <summary>The events supervisord emits, each with its exact payload (contract §8.1).</summary>
public static class EventPayloads
{
    public static SupervisorEvent ProcessState(ProcessStateChange change)
    {
        var text = new StringBuilder()
            .Append("processname:").Append(change.ProcessName)
            .Append(" groupname:").Append(change.GroupName)
            .Append(" from_state:").Append(change.From.Name());
        switch (change.To)
        {
            case Processes.ProcessState.Starting or Processes.ProcessState.Backoff:
                text.Append(" tries:").Append(Number(change.Tries));
                break;
            case Processes.ProcessState.Exited:
                text.Append(" expected:").Append(change.Expected ? '1' : '0').Append(" pid:").Append(Number(change.Pid));
                break;
            case Processes.ProcessState.Running or Processes.ProcessState.Stopping or Processes.ProcessState.Stopped:
                text.Append(" pid:").Append(Number(change.Pid));
                break;
        }
        return new SupervisorEvent(EventTypes.ProcessStatePrefix + change.To.Name(), text.ToString());
    }

    /// <summary>PROCESS_LOG_STDOUT/STDERR: one chunk as read (after strip_ansi).</summary>
    public static SupervisorEvent Log(string processName, string groupName, int pid, ChildChannel channel, ReadOnlySpan<byte> data) =>
        new("PROCESS_LOG_" + channel.Name().ToUpperInvariant(),
            $"processname:{processName} groupname:{groupName} pid:{Number(pid)} channel:{channel.Name()}\n{PythonRepr.Utf8OrUndecodable(data)}");

    /// <summary>PROCESS_COMMUNICATION_STDOUT/STDERR: what was between the capture tokens.</summary>
    public static SupervisorEvent Communication(string processName, string groupName, int pid, ChildChannel channel, ReadOnlySpan<byte> data) =>
        new("PROCESS_COMMUNICATION_" + channel.Name().ToUpperInvariant(),
            $"processname:{processName} groupname:{groupName} pid:{Number(pid)}\n{PythonRepr.Utf8OrUndecodable(data)}");

    public static SupervisorEvent Remote(string type, string data) => new(EventTypes.RemoteCommunication, $"type:{type}\n{data}");

    public static SupervisorEvent SupervisorRunning() => new(EventTypes.SupervisorRunning, "");

    public static SupervisorEvent SupervisorStopping() => new(EventTypes.SupervisorStopping, "");

    public static SupervisorEvent GroupAdded(string group) => new(EventTypes.GroupAdded, $"groupname:{group}\n");

    public static SupervisorEvent GroupRemoved(string group) => new(EventTypes.GroupRemoved, $"groupname:{group}\n");

    /// <param name="when">The start of the slice just entered, in Unix seconds.</param>
    public static SupervisorEvent Tick(int period, long when) => new(EventTypes.Tick(period), "when:" + Number(when));

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
