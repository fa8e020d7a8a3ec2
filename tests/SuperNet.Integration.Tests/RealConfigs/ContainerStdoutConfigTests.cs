using System.Text.Json;
using SuperNet.Integration.Tests.Containers;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.RealConfigs;

/// <summary>tests/real-configs/web-image.conf: programs logging to the daemon's own stdout/stderr, under both daemons.</summary>
public sealed class ContainerStdoutConfigTests
{
    private static readonly string[] Programs = ["nginx", "php-fpm", "cron"];
    private static readonly string[] LogMembers = ["logfile", "stdout_logfile", "stderr_logfile"];

    [Fact]
    public void GetProcessInfo_names_the_dev_paths_a_program_logs_to()
    {
        using var runs = new SideBySide(RealConfig.Read("web-image.conf"));
        // The main log is /dev/null here, as in the images this shape comes from: wait on the RPC state instead.
        foreach (var run in runs.Both)
        {
            Wait.Until(() => run.Ctl("status").Output.Split('\n').Count(l => l.Contains(" RUNNING ", StringComparison.Ordinal)) == Programs.Length,
                $"every program RUNNING under {run.Implementation}");
        }
        var expectedAll = AllProcessInfo(runs.Oracle);
        var actualAll = AllProcessInfo(runs.Ours);
        foreach (var name in Programs)
        {
            // getProcessInfo and getAllProcessInfo are encoded on different paths: both are compared.
            AssertSameLogMembers(name, ProcessInfo.Get(runs.Oracle.SocketPath, name), ProcessInfo.Get(runs.Ours.SocketPath, name));
            AssertSameLogMembers(name + " (getAllProcessInfo)", expectedAll[name], actualAll[name]);
        }
        Assert.Equal((0, 0), runs.Shutdown());
    }

    private static void AssertSameLogMembers(string name, JsonElement expected, JsonElement actual)
    {
        foreach (var member in LogMembers)
        {
            Assert.True(expected.GetProperty(member).GetString() == actual.GetProperty(member).GetString(),
                $"{name}.{member}: supervisord '{expected.GetProperty(member)}', supernetd '{actual.GetProperty(member)}'");
        }
    }

    private static Dictionary<string, JsonElement> AllProcessInfo(SupervisorRun run)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "RealConfigs", "all_process_info.py");
        var (code, output) = SupervisorRun.Run(Binaries.Python, [script, run.SocketPath]);
        Assert.True(code == 0, output);
        return JsonDocument.Parse(output).RootElement.EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.Clone());
    }
}
