using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// A pidfile that cannot be written (here: it names a directory) is a CRIT line and the daemon goes on; supervisord writes its
/// "supervisord started with pid N" line only once the pidfile is written, so without one that line is missing.
/// </summary>
public sealed class PidfileFailureTests
{
    [Fact]
    public void An_unwritable_pidfile_is_reported_and_started_is_not_said()
    {
        using var runs = new SideBySide("""
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}
            childlogdir={DIR}
            user=root

            [program:p]
            command=/bin/sleep 60
            startsecs=0
            """);
        runs.WaitForLog("spawned: 'p'");
        var theirs = StartLines(runs.Oracle);
        Assert.Equal(["INFO Set uid to user 0 succeeded", "CRIT could not write pidfile <DIR>"], theirs);
        Assert.Equal(theirs, StartLines(runs.Ours));
        runs.Shutdown();
    }

    private static IReadOnlyList<string> StartLines(SupervisorRun run) =>
        [.. run.Log().Select(Normalize.Line).TakeWhile(l => !l.Contains("spawned: 'p'", StringComparison.Ordinal))
            .Select(l => l.Replace(run.Dir.Path, "<DIR>", StringComparison.Ordinal))];
}
