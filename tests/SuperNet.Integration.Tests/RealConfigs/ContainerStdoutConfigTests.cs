using SuperNet.Integration.Tests.Containers;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.RealConfigs;

/// <summary>tests/real-configs/web-image.conf: programs logging to the daemon's own stdout/stderr, under both daemons.</summary>
public sealed class ContainerStdoutConfigTests
{
    [Fact]
    public void GetProcessInfo_names_the_dev_paths_a_program_logs_to()
    {
        using var runs = new SideBySide(RealConfig.Read("web-image.conf"));
        // The main log is /dev/null here, as in the images this shape comes from: wait on the RPC state instead.
        foreach (var run in runs.Both)
        {
            Wait.Until(() => run.Ctl("status").Output.Split('\n').Count(l => l.Contains(" RUNNING ", StringComparison.Ordinal)) == 3,
                $"every program RUNNING under {run.Implementation}");
        }
        foreach (var name in new[] { "nginx", "php-fpm", "cron" })
        {
            var expected = ProcessInfo.Get(runs.Oracle.SocketPath, name);
            var actual = ProcessInfo.Get(runs.Ours.SocketPath, name);
            foreach (var member in new[] { "logfile", "stdout_logfile", "stderr_logfile" })
            {
                Assert.True(expected.GetProperty(member).GetString() == actual.GetProperty(member).GetString(),
                    $"{name}.{member}: supervisord '{expected.GetProperty(member)}', supernetd '{actual.GetProperty(member)}'");
            }
        }
        Assert.Equal((0, 0), runs.Shutdown());
    }
}
