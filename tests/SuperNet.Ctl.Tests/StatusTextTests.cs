using System.Text;
using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// Names and descriptions with whitespace or characters beyond the BMP, and command lines split at Python's
/// whitespace: supernetctl prints and exits as supervisorctl does. A server answering every call with one list of
/// process infos stands in for supervisord, which would not let a name hold most of these.
/// </summary>
public sealed class StatusTextTests
{
    private const string Smile = "\U0001F600";

    private static string Info(string name, string group, string description) =>
        "<value><struct>" +
        $"<member><name>name</name><value><string>{name}</string></value></member>" +
        $"<member><name>group</name><value><string>{group}</string></value></member>" +
        "<member><name>statename</name><value><string>RUNNING</string></value></member>" +
        "<member><name>state</name><value><int>20</int></value></member>" +
        "<member><name>pid</name><value><int>2</int></value></member>" +
        $"<member><name>description</name><value><string>{description}</string></value></member>" +
        "<member><name>inuse</name><value><boolean>1</boolean></value></member>" +
        "<member><name>autostart</name><value><boolean>0</boolean></value></member>" +
        "<member><name>group_prio</name><value><int>999</int></value></member>" +
        "<member><name>process_prio</name><value><int>1</int></value></member>" +
        "</struct></value>";

    private static HostileServer Serving(params string[] infos)
    {
        var body = $"<?xml version='1.0'?><methodResponse><params><param><value><array><data>{string.Concat(infos)}</data></array></value></param></params></methodResponse>";
        return new HostileServer(stream => stream.WriteAsync(Encoding.UTF8.GetBytes(HostileServer.Ok(body))).AsTask());
    }

    public static TheoryData<string, string, string, string> Infos => new()
    {
        { "status", "a\tb", "a\tb", "pid 1,\tuptime 0:00:01" },
        { "status", "a\u2028b", "g\u00a0h", "x\r\ny\rz" },
        // Python pads by code points: one emoji is one column, where .NET's PadRight counted two.
        { "status", Smile, Smile, "emoji" },
        { "status", "x" + Smile, "g", Smile },
        { "status", string.Concat(Enumerable.Repeat(Smile, 20)), "g", "wider in UTF-16 units than 30, narrower in code points" },
        { "status", string.Concat(Enumerable.Repeat(Smile, 40)), "g", "wider than 30 either way" },
        { "avail", "a\tb", "a\tb", "" },
        { "avail", Smile, Smile, "" },
        { "avail", string.Concat(Enumerable.Repeat(Smile, 20)), "g", "" },
    };

    [Theory]
    [MemberData(nameof(Infos))]
    public void A_name_or_description_is_printed_as_supervisorctl_prints_it(string command, string name, string group, string description)
    {
        // A second, plain line shows where the column edge falls.
        using var server = Serving(Info(name, group, description), Info("plain", "plain", "pid 2, uptime 0:00:02"));
        Differential.AssertSame(["-s", server.Url], command);
    }

    /// <summary>
    /// supervisorctl strips and splits a command line at Python's whitespace, which has the four information
    /// separators (U+001C-U+001F) that .NET's has not: "a\x1cb" is two names, "\x1cstatus" the status command.
    /// </summary>
    [Theory]
    [InlineData("status a\u001cb")]
    [InlineData("status a\u001fplain")]
    [InlineData("\u001cstatus")]
    [InlineData("status\u001d")]
    [InlineData("status\u001e\u001eplain\u001e")]
    [InlineData("status a\u2028b")]
    [InlineData("status a\tb")]
    [InlineData("status a\u200bb")]
    [InlineData("start a\u001cplain")]
    [InlineData("stop plain\u001f")]
    [InlineData("pid \u001call")]
    public void A_command_line_is_split_at_pythons_whitespace(string command)
    {
        using var server = Serving(Info("plain", "plain", "pid 2, uptime 0:00:02"));
        Differential.AssertSame(["-s", server.Url], command);
    }
}
