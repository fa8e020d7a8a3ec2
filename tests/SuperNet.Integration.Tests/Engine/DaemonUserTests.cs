using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>[supervisord] user=: the start-up lines supervisord writes (issue 13). The suite runs as root.</summary>
public sealed class DaemonUserTests
{
    private static List<string> StartupLines(SupervisorRun run) =>
        run.Log().TakeWhile(l => !l.Message.StartsWith("supervisord started", StringComparison.Ordinal))
            .Select(Normalize.Line).ToList();

    [Theory]
    [InlineData("root")]
    [InlineData("0")]
    public void UserNamingTheCurrentRootUidLogsSetUidSucceeded(string user)
    {
        using var runs = new SideBySide($"""
            [supervisord]
            logfile={"{DIR}"}/main.log
            pidfile={"{DIR}"}/sv.pid
            childlogdir={"{DIR}"}
            user={user}
            silent=true

            [program:a]
            command={"{HELPER}"} signals
            startsecs=0
            """);
        runs.WaitForLog("success: a ");
        Assert.Equal(["INFO Set uid to user 0 succeeded"], StartupLines(runs.Oracle));
        Assert.Equal(StartupLines(runs.Oracle), StartupLines(runs.Ours));
        Assert.Equal((0, 0), runs.Shutdown());
    }
}
