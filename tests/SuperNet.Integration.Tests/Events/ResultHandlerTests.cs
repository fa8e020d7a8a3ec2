using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// result_handler=supervisor_stdout:event_handler (issue 13): supervisord imports the plugin and prints on its own
/// stdout; supernetd runs the handler natively. Both daemons' stdout must hold the same lines.
/// </summary>
public sealed class ResultHandlerTests
{
    private static string Folder => Path.Combine(AppContext.BaseDirectory, "Events");

    private static string Config => $"""
        [supervisord]
        logfile={"{DIR}"}/main.log
        pidfile={"{DIR}"}/sv.pid
        childlogdir={"{DIR}"}
        loglevel=debug
        silent=true

        [program:talker]
        command={"{HELPER}"} echo-both "one two" héllo
        stdout_events_enabled=true
        stderr_events_enabled=true
        startsecs=0
        autorestart=false

        [eventlistener:stdout]
        command={Binaries.Python} {Path.Combine(Folder, "supervisor_stdout.py")}
        buffer_size=100
        events=PROCESS_LOG
        result_handler=supervisor_stdout:event_handler
        """;

    [Fact]
    public void SupervisorStdoutPrintsTheSameLinesAsThePluginUnderSupervisord()
    {
        using var runs = new SideBySide(Config, new RunOptions(Environment: new Dictionary<string, string> { ["PYTHONPATH"] = Folder }));
        runs.WaitForLog("stdout: event was processed", occurrence: 2);
        Assert.Equal((0, 0), runs.Shutdown());

        string[] expected = ["talker stderr | ", "talker stderr | héllo", "talker stdout | ", "talker stdout | one two"];
        foreach (var run in runs.Both)
        {
            Wait.Until(() => Lines(run).Count >= expected.Length, $"the handler's lines on {run.Implementation}'s stdout");
            Assert.Equal(expected, Lines(run).Order(StringComparer.Ordinal));
        }
    }

    // The order of the two channels' events is a race in both daemons; each event's lines stay together.
    private static List<string> Lines(SupervisorRun run) => [.. run.Stdout.Split('\n').SkipLast(1)];
}
