using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// A log replaced under a reader: a program writes as fast as it can to a 4 KB log with two backups, so it rotates
/// many times a second, or a client clears a log in a loop, while another reads it through readProcessStdoutLog,
/// tailProcessStdoutLog, /logtail and the JSON API. supervisord never reads in the middle of a rotation or a clear
/// (one thread); our control server reads on its own thread, and found no file there: NO_FILE faults, /logtail
/// 404s, some tens in ten seconds.
/// </summary>
public sealed class LogRotationReadTests
{
    [Theory]
    [InlineData("/bin/sh -c 'while :; do echo 0123456789012345678901234567890123456789012345678901234567890123456789; done'", "4KB", "rotate")]
    [InlineData("/bin/sh -c 'while :; do echo tick; sleep 0.01; done'", "50MB", "clear")]
    public void Reads_always_find_the_log(string command, string maxBytes, string mode)
    {
        var config = $"""
            [program:spew]
            command={command}
            stdout_logfile={"{DIR}"}/spew.log
            stdout_logfile_maxbytes={maxBytes}
            stdout_logfile_backups=2
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: spew ");
        var script = Path.Combine(AppContext.BaseDirectory, "Rpc", "rotation_reads.py");
        var (exit, output) = SupervisorRun.Run(Binaries.Python,
            [script, run.SocketPath, run.Dir.File("spew.log"), "spew", "6", .. mode == "clear" ? new[] { "clear" } : []], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, output);
        using var summary = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("failed").GetInt32() == 0, output);
        // Not vacuous: every reader was called and the log was replaced again and again while they were.
        foreach (var reader in root.GetProperty("calls").EnumerateObject())
        {
            Assert.True(reader.Value.GetInt32() >= 20, output);
        }
        Assert.True(root.GetProperty("rotations").GetInt32() >= 20, output);
    }
}
