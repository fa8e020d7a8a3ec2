using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// supervisorctl tail -f (/logtail) across a rotation and a clear, under supernetd and supervisord 4.2.5:
/// supervisord's follower holds the file open and moves to a new file at the path (another inode: rotated away,
/// or removed and made again by a clear) from its start without a word. (A file emptied in place, a rotation
/// without backups, is where "==> File truncated <==" belongs; supervisord 4.2.5's follower hands medusa that
/// marker as str, not bytes, and shows nothing more, so that case has no oracle.)
/// </summary>
public sealed class LogTailFollowTests
{
    [Fact]
    public void TailFollowsRotationAndClearAsSupervisordDoes()
    {
        var config = $"""
            [program:cat]
            command=/bin/cat
            startsecs=0
            stdout_logfile={"{DIR}"}/cat.log
            stdout_logfile_maxbytes=64
            stdout_logfile_backups=1
            """;
        using var runs = new SideBySide(config);
        runs.WaitForLog("success: cat ");
        var script = Path.Combine(AppContext.BaseDirectory, "Rpc", "logtail_follow.py");
        var oracle = Task.Run(() => SupervisorRun.Run(Binaries.Python, [script, runs.Oracle.SocketPath, runs.Oracle.ConfigPath, "cat"]));
        var ours = Task.Run(() => SupervisorRun.Run(Binaries.Python, [script, runs.Ours.SocketPath, runs.Ours.ConfigPath, "cat"]));
        Assert.True(oracle.Result.ExitCode == 0, "the script failed against supervisord:\n" + oracle.Result.Output);
        Assert.True(ours.Result.ExitCode == 0, "the script failed against supernetd:\n" + ours.Result.Output);
        Assert.True(oracle.Result.Output == ours.Result.Output,
            $"tail -f showed something else\n--- supervisord:\n{oracle.Result.Output}\n--- supernetd:\n{ours.Result.Output}");
    }
}
