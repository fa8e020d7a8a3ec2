using System.Text;
using SuperNet.Core.Events;
using SuperNet.Core.Logging;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Events;

/// <summary>Payloads as supervisord 4.2.5 renders them (contract §8.1).</summary>
public sealed class EventPayloadsTests
{
    [Theory]
    [InlineData(ProcessState.Stopped, ProcessState.Starting, "PROCESS_STATE_STARTING", "processname:a groupname:g from_state:STOPPED tries:0")]
    [InlineData(ProcessState.Starting, ProcessState.Running, "PROCESS_STATE_RUNNING", "processname:a groupname:g from_state:STARTING pid:42")]
    [InlineData(ProcessState.Starting, ProcessState.Backoff, "PROCESS_STATE_BACKOFF", "processname:a groupname:g from_state:STARTING tries:0")]
    [InlineData(ProcessState.Running, ProcessState.Stopping, "PROCESS_STATE_STOPPING", "processname:a groupname:g from_state:RUNNING pid:42")]
    [InlineData(ProcessState.Running, ProcessState.Exited, "PROCESS_STATE_EXITED", "processname:a groupname:g from_state:RUNNING expected:1 pid:42")]
    [InlineData(ProcessState.Stopping, ProcessState.Stopped, "PROCESS_STATE_STOPPED", "processname:a groupname:g from_state:STOPPING pid:42")]
    [InlineData(ProcessState.Backoff, ProcessState.Fatal, "PROCESS_STATE_FATAL", "processname:a groupname:g from_state:BACKOFF")]
    [InlineData(ProcessState.Running, ProcessState.Unknown, "PROCESS_STATE_UNKNOWN", "processname:a groupname:g from_state:RUNNING")]
    public void Process_state_events_carry_the_extras_of_their_type(ProcessState from, ProcessState to, string name, string payload)
    {
        var made = EventPayloads.ProcessState(new ProcessStateChange("a", "g", from, to, 42, 0, Expected: true));
        Assert.Equal(name, made.Name);
        Assert.Equal(payload, made.Payload);
    }

    [Fact]
    public void An_unexpected_exit_says_expected_0_and_backoff_counts_tries()
    {
        Assert.Equal("processname:a groupname:g from_state:RUNNING expected:0 pid:7",
            EventPayloads.ProcessState(new ProcessStateChange("a", "g", ProcessState.Running, ProcessState.Exited, 7, 0, false)).Payload);
        Assert.Equal("processname:a groupname:g from_state:STARTING tries:3",
            EventPayloads.ProcessState(new ProcessStateChange("a", "g", ProcessState.Starting, ProcessState.Backoff, 0, 3, true)).Payload);
    }

    [Fact]
    public void Output_events_decode_UTF8_and_show_undecodable_bytes_as_a_Python_literal()
    {
        Assert.Equal("processname:a groupname:g pid:5 channel:stderr\nhé\n",
            EventPayloads.Log("a", "g", 5, ChildChannel.Stderr, Encoding.UTF8.GetBytes("hé\n")).Payload);
        Assert.Equal("processname:a groupname:g pid:5 channel:stdout\nUndecodable: b'\\x88\\n'",
            EventPayloads.Log("a", "g", 5, ChildChannel.Stdout, [0x88, 0x0a]).Payload);
        var comm = EventPayloads.Communication("a", "g", 5, ChildChannel.Stdout, "data"u8);
        Assert.Equal(("PROCESS_COMMUNICATION_STDOUT", "processname:a groupname:g pid:5\ndata"), (comm.Name, comm.Payload));
    }

    [Fact]
    public void Remote_group_supervisor_and_tick_payloads()
    {
        Assert.Equal("type:mytype\nmy data\nline2", EventPayloads.Remote("mytype", "my data\nline2").Payload);
        Assert.Equal("groupname:web\n", EventPayloads.GroupAdded("web").Payload);
        Assert.Equal("PROCESS_GROUP_REMOVED", EventPayloads.GroupRemoved("web").Name);
        Assert.Equal("", EventPayloads.SupervisorStopping().Payload);
        Assert.Equal(("TICK_60", "when:1795776900"), (EventPayloads.Tick(60, 1795776900).Name, EventPayloads.Tick(60, 1795776900).Payload));
    }

    [Fact]
    public void The_envelope_counts_code_points_not_bytes()
    {
        // The observed REMOTE_COMMUNICATION example of contract §8.2, then a payload with a 2-byte and a 4-byte character.
        var ascii = EventPayloads.Remote("mytype", "my data\nline2");
        ascii.Serial = 14;
        Assert.Equal("ver:3.0 server:supervisor serial:14 pool:listen poolserial:14 eventname:REMOTE_COMMUNICATION len:25\ntype:mytype\nmy data\nline2",
            Encoding.UTF8.GetString(ascii.Envelope("supervisor", "listen", 14)));
        var wide = EventPayloads.Remote("t", "é😀");
        wide.Serial = 0;
        var text = Encoding.UTF8.GetString(wide.Envelope("s", "p", 3));
        Assert.StartsWith("ver:3.0 server:s serial:0 pool:p poolserial:3 eventname:REMOTE_COMMUNICATION len:9\n", text);
    }
}
