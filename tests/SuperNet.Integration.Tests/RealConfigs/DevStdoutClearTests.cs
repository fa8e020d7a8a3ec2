using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.RealConfigs;

/// <summary>
/// `clear` on a program that logs to /dev/stdout, each daemon in a /dev of its own: supervisord 4.2.5 removes the
/// path and leaves a regular file there, so everything that writes to /dev/stdout afterwards fills a file (it did
/// that to this machine's /dev during a comparison run); supernetd leaves the link alone. Whether supervisord's file
/// is still empty when stat looks depends on whether the program wrote since the clear, so stat's "regular empty
/// file" and "regular file" count as the same thing here.
/// </summary>
public sealed class DevStdoutClearTests
{
    private const string Body = """
        [program:a]
        command=/bin/sh -c 'while :; do echo hi; sleep 0.2; done'
        stdout_logfile=/dev/stdout
        stdout_logfile_maxbytes=0
        stderr_logfile=/dev/stderr
        stderr_logfile_maxbytes=0
        """;

    [Theory]
    [InlineData(Implementation.SuperNet, "symbolic link")]
    [InlineData(Implementation.Supervisord, "regular file")]
    public void ClearOnADevStdoutProgramAnswersAsSupervisordAndLeavesTheLinkToSupernetd(Implementation implementation, string leftBehind)
    {
        using var run = SupervisorRun.Start(implementation, Body, new RunOptions(OwnDev: true));
        Wait.Until(() => run.Ctl("status", "a").Output.Contains(" RUNNING ", StringComparison.Ordinal), $"a RUNNING under {implementation}");

        foreach (var target in new[] { "a", "all" })
        {
            var (code, output) = run.Ctl("clear", target);
            Assert.Equal((0, "a: cleared"), (code, output.Trim()));
        }

        var daemon = run.DaemonPid.ToString();
        foreach (var path in new[] { "/dev/stdout", "/dev/stderr" })
        {
            var (exit, type) = SupervisorRun.Run("/usr/bin/nsenter", ["-t", daemon, "--mount", "/usr/bin/stat", "-c", "%F", path]);
            Assert.True(exit == 0, type);
            Assert.Equal(leftBehind, type.Trim().Replace("regular empty file", "regular file", StringComparison.Ordinal));
        }
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
