using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// A program writes as fast as it can to a 4 KB log with two backups, so the log rotates many times a second, while
/// a client reads it through readProcessStdoutLog, tailProcessStdoutLog, /logtail and the JSON API in a loop.
/// supervisord never reads in the middle of a rotation (one thread); our control server reads on its own thread,
/// and found no file there: NO_FILE faults, /logtail 404 and JSON 404s, some tens in ten seconds.
/// </summary>
public sealed class LogRotationReadTests
{
    [Fact]
    public void Reads_during_rotations_always_find_the_log()
    {
        const string config = """
            [program:spew]
            command=/bin/sh -c 'while :; do echo 0123456789012345678901234567890123456789012345678901234567890123456789; done'
            stdout_logfile={DIR}/spew.log
            stdout_logfile_maxbytes=4KB
            stdout_logfile_backups=2
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        run.WaitForLog("success: spew ");
        var script = Path.Combine(AppContext.BaseDirectory, "Rpc", "rotation_reads.py");
        var (exit, output) = SupervisorRun.Run(Binaries.Python, [script, run.SocketPath, run.Dir.File("spew.log"), "spew", "6"], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, output);
        using var summary = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("failed").GetInt32() == 0, output);
        // Not vacuous: every reader was called and the log turned over again and again while they were.
        foreach (var reader in root.GetProperty("calls").EnumerateObject())
        {
            Assert.True(reader.Value.GetInt32() >= 20, output);
        }
        Assert.True(root.GetProperty("rotations").GetInt32() >= 20, output);
    }
}
