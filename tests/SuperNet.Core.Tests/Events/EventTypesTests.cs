using SuperNet.Core.Config;
using SuperNet.Core.Events;
using SuperNet.Core.Logging;

namespace SuperNet.Core.Tests.Events;

public sealed class EventTypesTests
{
    [Theory]
    [InlineData("EVENT", "PROCESS_STATE_RUNNING", true)]
    [InlineData("EVENT", "TICK_5", true)]
    [InlineData("PROCESS_STATE", "PROCESS_STATE_RUNNING", true)]
    [InlineData("PROCESS_STATE", "PROCESS_LOG_STDOUT", false)]
    [InlineData("PROCESS_STATE_RUNNING", "PROCESS_STATE_RUNNING", true)]
    [InlineData("PROCESS_STATE_RUNNING", "PROCESS_STATE_STOPPED", false)]
    [InlineData("PROCESS_LOG", "PROCESS_LOG_STDERR", true)]
    [InlineData("PROCESS_COMMUNICATION", "PROCESS_COMMUNICATION_STDOUT", true)]
    [InlineData("PROCESS_COMMUNICATION", "PROCESS_LOG_STDOUT", false)]
    [InlineData("TICK", "TICK_3600", true)]
    [InlineData("TICK_5", "TICK_60", false)]
    [InlineData("SUPERVISOR_STATE_CHANGE", "SUPERVISOR_STATE_CHANGE_STOPPING", true)]
    [InlineData("PROCESS_GROUP", "PROCESS_GROUP_REMOVED", true)]
    [InlineData("REMOTE_COMMUNICATION", "REMOTE_COMMUNICATION", true)]
    [InlineData("PROCESS_GROUP", "REMOTE_COMMUNICATION", false)]
    public void A_subscription_covers_its_type_its_children_and_everything_under_EVENT(string subscription, string concrete, bool covered)
    {
        Assert.Equal(covered, EventTypes.Covers(subscription, concrete));
    }

    [Fact]
    public void Every_concrete_type_the_engine_emits_is_a_configurable_name()
    {
        var emitted = new[]
        {
            EventPayloads.Remote("t", "d"), EventPayloads.SupervisorRunning(), EventPayloads.SupervisorStopping(),
            EventPayloads.GroupAdded("g"), EventPayloads.GroupRemoved("g"), EventPayloads.Tick(5, 0),
            EventPayloads.Tick(60, 0), EventPayloads.Tick(3600, 0),
            EventPayloads.Log("p", "g", 1, ChildChannel.Stdout, "x"u8), EventPayloads.Log("p", "g", 1, ChildChannel.Stderr, "x"u8),
            EventPayloads.Communication("p", "g", 1, ChildChannel.Stdout, "x"u8),
            EventPayloads.Communication("p", "g", 1, ChildChannel.Stderr, "x"u8),
        };
        Assert.All(emitted, e => Assert.Contains(e.Name, EventTypeNames.All));
    }
}
