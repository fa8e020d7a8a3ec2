using System.Text;
using SuperNet.Core.Config;
using SuperNet.Core.Events;

namespace SuperNet.Core.Tests.Events;

/// <summary>
/// The result handlers supernetd runs natively: supervisord's default_handler and the supervisor-stdout plugin's
/// event_handler, whose output is compared byte for byte with what the plugin's Python prints for the same
/// RESULT body (see the Integration suite's ResultHandlerTests for the side-by-side run).
/// </summary>
public sealed class ResultHandlerTests
{
    private readonly List<byte[]> printed = [];

    private ResultVerdict Stdout(string response) => Stdout(Encoding.UTF8.GetBytes(response));

    private ResultVerdict Stdout(byte[] response) =>
        ResultHandlers.For(ResultHandlers.SupervisorStdout, printed.Add).Judge(response);

    private string Printed => Encoding.UTF8.GetString([.. printed.SelectMany(b => b)]);

    [Fact]
    public void Each_newline_separated_piece_gets_the_prefix_and_a_trailing_newline_gives_an_empty_last_line()
    {
        Assert.Equal(ResultVerdict.Processed, Stdout("processname:web groupname:web pid:12 channel:stdout\nhello\nworld\n"));
        Assert.Equal("web stdout | hello\nweb stdout | world\nweb stdout | \n", Printed);
    }

    [Fact]
    public void Carriage_returns_and_other_line_breaks_stay_inside_a_piece()
    {
        Assert.Equal(ResultVerdict.Processed, Stdout("processname:a channel:stderr\nx\r\ny\u2028z"));
        Assert.Equal("a stderr | x\r\na stderr | y\u2028z\n", Printed);
    }

    [Fact]
    public void Empty_data_prints_one_bare_prefix()
    {
        Assert.Equal(ResultVerdict.Processed, Stdout("processname:a channel:stdout\n"));
        Assert.Equal("a stdout | \n", Printed);
    }

    [Fact]
    public void Header_tokens_split_on_python_whitespace_and_the_last_duplicate_wins()
    {
        Assert.Equal(ResultVerdict.Processed, Stdout("processname:a\u001cchannel:x\tchannel:stdout \nq"));
        Assert.Equal("a stdout | q\n", Printed);
    }

    [Theory]
    [InlineData("processname:a channel:stdout")]
    [InlineData("processname:a channel:std:out\nx")]
    [InlineData("processname:a bare channel:stdout\nx")]
    [InlineData("processname:a pid:1\nx")]
    [InlineData("OK")]
    public void What_the_plugin_cannot_take_apart_is_an_error_and_prints_nothing(string response)
    {
        Assert.Equal(ResultVerdict.Error, Stdout(response));
        Assert.Empty(printed);
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_an_error()
    {
        Assert.Equal(ResultVerdict.Error, Stdout([.. "processname:a channel:stdout\n"u8, 0xff]));
        Assert.Empty(printed);
    }

    [Fact]
    public void A_failing_stdout_is_an_error_of_the_handler()
    {
        var handler = ResultHandlers.For(ResultHandlers.SupervisorStdout, _ => throw new IOException("closed"));
        Assert.Equal(ResultVerdict.Error, handler.Judge("processname:a channel:stdout\nx"u8.ToArray()));
    }

    [Theory]
    [InlineData("OK", ResultVerdict.Processed)]
    [InlineData("FAIL", ResultVerdict.Rejected)]
    [InlineData("OK\n", ResultVerdict.Rejected)]
    public void The_default_handler_accepts_exactly_OK(string response, ResultVerdict verdict) =>
        Assert.Equal(verdict, ResultHandlers.For(ResultHandlers.Default, printed.Add).Judge(Encoding.UTF8.GetBytes(response)));

    [Fact]
    public void A_handler_error_makes_the_listener_UNKNOWN_and_hands_the_event_back()
    {
        var log = new RecordingLog();
        var rejected = new List<SupervisorEvent>();
        var channel = new ListenerChannel("l", log, rejected.Add)
        {
            ResultHandler = ResultHandlers.For(ResultHandlers.SupervisorStdout, printed.Add),
        };
        var sent = EventPayloads.Remote("t", "d");
        channel.OnOutput("READY\n"u8);
        channel.Sent(sent);
        channel.OnOutput("RESULT 2\nOKREADY\n"u8);
        Assert.Equal(ListenerState.Unknown, channel.State);
        Assert.Equal([sent], rejected);
        Assert.Equal(
            ["l: event caused an error", "l: BUSY -> UNKNOWN",
             "l: has entered the UNKNOWN state and will no longer receive events, this usually indicates the process violated the eventlistener protocol"],
            log.Lines.Skip(1).Select(l => l.Message));
    }
}
