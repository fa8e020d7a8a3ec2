using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Events;

namespace SuperNet.Core.Tests.Events;

/// <summary>The READY / RESULT protocol of one listener (contract §8.3), fed as the pump would feed it.</summary>
public sealed class ListenerChannelTests
{
    private readonly RecordingLog log = new();
    private readonly List<SupervisorEvent> rejected = [];
    private readonly ListenerChannel channel;
    private readonly SupervisorEvent sent = EventPayloads.Remote("t", "d");

    public ListenerChannelTests() => channel = new ListenerChannel("l", log, rejected.Add);

    private void Feed(string text) => channel.OnOutput(Encoding.UTF8.GetBytes(text));

    private void ReadyAndSend()
    {
        Feed("READY\n");
        channel.Sent(sent);
    }

    [Fact]
    public void READY_is_recognised_only_once_six_bytes_are_in_even_across_reads()
    {
        Feed("REA");
        Assert.Equal(ListenerState.Acknowledged, channel.State);
        Feed("DY\n");
        Assert.Equal(ListenerState.Ready, channel.State);
        Assert.Equal(["DEBG l: ACKNOWLEDGED -> READY"], Lines());
    }

    [Fact]
    public void OK_in_one_write_with_the_next_READY_processes_the_event_and_is_ready_again()
    {
        ReadyAndSend();
        Feed("RESULT 2\nOKREADY\n");
        Assert.Equal(ListenerState.Ready, channel.State);
        Assert.Null(channel.Event);
        Assert.Empty(rejected);
        Assert.Equal(["DEBG l: ACKNOWLEDGED -> READY", "DEBG l: event was processed", "DEBG l: BUSY -> ACKNOWLEDGED",
            "DEBG l: ACKNOWLEDGED -> READY"], Lines());
    }

    [Fact]
    public void A_result_split_over_many_reads_is_assembled()
    {
        ReadyAndSend();
        foreach (var piece in new[] { "RES", "ULT 4", "\nFA", "I", "L", "REA", "DY\n" })
        {
            Feed(piece);
        }
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Ready, channel.State);
        Assert.Contains("WARN l: event was rejected", Lines());
    }

    [Fact]
    public void FAIL_rejects_the_event_for_redelivery()
    {
        ReadyAndSend();
        Feed("RESULT 4\nFAIL");
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Acknowledged, channel.State);
        Assert.Equal(["WARN l: event was rejected", "DEBG l: BUSY -> ACKNOWLEDGED"], Lines().Skip(1));
    }

    [Fact]
    public void A_non_numeric_length_is_a_bad_result_line_and_the_listener_is_lost()
    {
        ReadyAndSend();
        Feed("RESULT two\nOK");
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Unknown, channel.State);
        Assert.Equal(["WARN l: bad result line: 'RESULT two'", "DEBG l: BUSY -> UNKNOWN",
            "WARN l: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol"],
            Lines().Skip(1));
        Feed("READY\n");
        Assert.Equal(ListenerState.Unknown, channel.State);
    }

    [Fact]
    public void A_length_past_two_to_the_31_keeps_the_listener_busy_for_the_rest_of_its_answer()
    {
        ReadyAndSend();
        Feed("RESULT 3000000000\nOK");
        Assert.Empty(rejected);
        Assert.Equal(ListenerState.Busy, channel.State);
        Assert.Empty(Lines().Skip(1));
    }

    [Fact]
    public void A_body_past_the_limit_is_counted_without_being_held_and_the_default_handler_rejects_it()
    {
        ReadyAndSend();
        Feed("RESULT 67108864\n");
        var chunk = new byte[128 * 1024];
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var fed = 0; fed < 64 * 1024 * 1024; fed += chunk.Length)
        {
            Assert.Equal(ListenerState.Busy, channel.State);
            channel.OnOutput(chunk);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < 4 * 1024 * 1024, $"{allocated} bytes allocated for a 64 MiB body");
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Acknowledged, channel.State);
        Assert.Equal(["WARN l: event was rejected", "DEBG l: BUSY -> ACKNOWLEDGED"], Lines().Skip(1));
    }

    [Fact]
    public void A_handler_that_needs_the_whole_body_refuses_one_past_the_limit_at_its_result_line()
    {
        channel.ResultHandler = ResultHandlers.For(ResultHandlers.SupervisorStdout, _ => Assert.Fail("printed"));
        ReadyAndSend();
        Feed("RESULT 3000000000\nprocessname:a channel:stdout\nx");
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Unknown, channel.State);
        Assert.Equal([$"WARN l: result of 3000000000 bytes refused: its result_handler needs the whole body and at most {ResultHandlers.BodyLimit} bytes are held",
            "DEBG l: BUSY -> UNKNOWN",
            "WARN l: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol"],
            Lines().Skip(1));
    }

    [Fact]
    public void A_result_line_without_its_newline_is_refused_once_past_its_bound()
    {
        ReadyAndSend();
        Feed("RESULT " + new string(' ', ListenerChannel.MaxResultLine - 7));
        Assert.Equal(ListenerState.Busy, channel.State);
        Feed(" ");
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Unknown, channel.State);
        Assert.Equal($"WARN l: result line longer than {ListenerChannel.MaxResultLine} bytes refused", Lines()[1]);
    }

    [Fact]
    public void A_result_line_past_its_bound_is_refused_also_when_its_newline_came_in_the_same_read()
    {
        ReadyAndSend();
        Feed("RESULT " + new string(' ', ListenerChannel.MaxResultLine) + "2\nOK");
        Assert.Equal([sent], rejected);
        Assert.Equal(ListenerState.Unknown, channel.State);
    }

    [Fact]
    public void Only_the_length_after_seven_bytes_counts_as_upstream_does()
    {
        ReadyAndSend();
        Feed("XXXXXX 2\nOK");
        Assert.Empty(rejected);
        Assert.Equal(ListenerState.Acknowledged, channel.State);
    }

    [Fact]
    public void Garbage_instead_of_READY_makes_the_listener_UNKNOWN()
    {
        Feed("hello world\n");
        Assert.Equal(ListenerState.Unknown, channel.State);
        Assert.Equal("DEBG l: ACKNOWLEDGED -> UNKNOWN", Lines()[0]);
    }

    [Fact]
    public void Output_while_READY_breaks_the_protocol()
    {
        Feed("READY\nx");
        Assert.Equal(ListenerState.Unknown, channel.State);
        Assert.Empty(rejected);
    }

    [Fact]
    public void An_exit_while_BUSY_hands_the_event_back_and_a_respawn_starts_over()
    {
        ReadyAndSend();
        channel.Exited();
        Assert.Equal([sent], rejected);
        channel.Reset();
        Assert.Equal((ListenerState.Acknowledged, (SupervisorEvent?)null), (channel.State, channel.Event));
    }

    [Theory]
    [InlineData(" 12 ", 12)]
    [InlineData("+3", 3)]
    [InlineData("1_0", 10)]
    [InlineData("0", 0)]
    [InlineData("", null)]
    [InlineData("1__0", null)]
    [InlineData("_1", null)]
    [InlineData("-1", null)]
    [InlineData("-0", 0)]
    [InlineData(" -0_0 ", 0)]
    [InlineData("+-0", null)]
    [InlineData("0x10", null)]
    [InlineData("2_147_483_648", 2_147_483_648L)]
    [InlineData(" 9223372036854775807 ", long.MaxValue)]
    [InlineData("99999999999999999999999999", long.MaxValue)]
    [InlineData("-99999999999999999999999999", null)]
    [InlineData("-000", 0L)]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002", 2L)]
    public void Lengths_parse_like_Python_int(string text, object? expected)
    {
        Assert.Equal(expected is null ? null : Convert.ToInt64(expected, System.Globalization.CultureInfo.InvariantCulture),
            ListenerChannel.ParseLength(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Python_refuses_more_than_4300_digits_leading_zeros_included_underscores_not()
    {
        static long? Parse(string text) => ListenerChannel.ParseLength(Encoding.UTF8.GetBytes(text));
        Assert.Equal(1L, Parse(new string('0', 4299) + "1"));
        Assert.Null(Parse(new string('0', 4300) + "1"));
        Assert.Equal(0L, Parse("-" + new string('0', 4300)));
        Assert.Null(Parse("-" + new string('0', 4301)));
        Assert.Equal(1L, Parse(string.Join('_', Enumerable.Repeat("0", 4299)) + "_1"));
    }

    private List<string> Lines() => [.. log.Lines.Select(l => $"{LevelName(l.Level)} {l.Message}")];

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBG",
        LogLevel.Warn => "WARN",
        LogLevel.Error => "ERRO",
        _ => level.ToString(),
    };
}
