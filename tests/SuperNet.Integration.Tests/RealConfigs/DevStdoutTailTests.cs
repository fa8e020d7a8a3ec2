using SuperNet.Integration.Tests.Engine;
using SuperNet.Integration.Tests.Events;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.RealConfigs;

/// <summary>
/// `tail` and the read/tail methods on a channel logged to the daemon's own stdout/stderr, each daemon in a /dev of
/// its own (nothing here clears or rotates, but the link is the machine's otherwise), its stdout a pipe as in a
/// container. supervisord opens /dev/stdout and its seek on the pipe fails: readProcess*Log is FAILED, which
/// supervisorctl prints as "unknown error reading log", and tailProcess*Log is ('', offset, False). supernetd used to
/// answer NO_FILE ("no log file").
/// </summary>
public sealed class DevStdoutTailTests
{
    private const string Body = """
        [program:web]
        command=/bin/sh -c 'echo web-out; echo web-err >&2; exec sleep 1000'
        startsecs=0
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        stderr_logfile=/dev/stderr
        stderr_logfile_maxbytes=0

        [program:fd]
        command=/bin/sh -c 'echo fd-out; exec sleep 1000'
        startsecs=0
        stdout_logfile=/proc/self/fd/1
        stdout_logfile_maxbytes=0
        redirect_stderr=true
        """;

    private static readonly string[][] Calls =
    [
        ["readProcessStdoutLog", "web", "i:-1600", "i:0"],
        ["readProcessStdoutLog", "web", "i:0", "i:0"],
        ["readProcessStdoutLog", "web", "i:0", "i:10"],
        ["readProcessStdoutLog", "web", "i:-3", "i:5"],
        ["readProcessStderrLog", "web", "i:-1600", "i:0"],
        ["tailProcessStdoutLog", "web", "i:0", "i:1600"],
        ["tailProcessStdoutLog", "web", "i:7", "i:1600"],
        ["tailProcessStderrLog", "web", "i:5", "i:100"],
        ["readProcessStdoutLog", "fd", "i:-1600", "i:0"],
        ["readProcessStderrLog", "fd", "i:-1600", "i:0"],
        ["tailProcessStdoutLog", "fd", "i:3", "i:100"],
    ];

    private static readonly string[][] Tails = [["tail", "web"], ["tail", "web", "stderr"], ["tail", "-5", "fd"], ["tail", "fd", "stderr"]];

    [Fact]
    public void ReadAndTailAnswerAsSupervisordAndBothClientsPrintItsError()
    {
        using var runs = new SideBySide(Body, new RunOptions(OwnDev: true));
        foreach (var run in runs.Both)
        {
            Wait.Until(() => run.Ctl("status").Output.Split('\n').Count(l => l.Contains(" RUNNING ", StringComparison.Ordinal)) == 2,
                $"web and fd RUNNING under {run.Implementation}");
        }
        var (oracle, ours) = OracleFirst.Check(runs, run => RpcAnswers.Of(run, Calls));
        // What supervisord answered when this was written, so a change in the set-up cannot make this compare two alike
        // but different answers.
        Assert.Equal(["fault 30 FAILED", "fault 30 FAILED", "fault 30 FAILED", "fault 3 BAD_ARGUMENTS", "fault 30 FAILED",
            "['', 0, False]", "['', 7, False]", "['', 5, False]", "fault 30 FAILED", "fault 20 NO_FILE", "['', 3, False]"], oracle);
        OracleFirst.AssertSameLines(oracle, ours, "read and tail answers");

        foreach (var tail in Tails)
        {
            var expected = runs.Oracle.Ctl(tail);
            Assert.Equal(expected, runs.Ours.Ctl(tail));
            Assert.Equal(expected, SupervisorRun.Run(Binaries.Supernetctl, ["-c", runs.Ours.ConfigPath, .. tail]));
        }
        Assert.Equal((1, "web: ERROR (unknown error reading log)\n"), runs.Oracle.Ctl("tail", "web"));
        Assert.Equal((0, 0), runs.Shutdown());
    }
}
