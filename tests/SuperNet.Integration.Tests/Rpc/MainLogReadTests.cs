using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>
/// The main log replaced under a reader: with loglevel=debug every line a program prints is a main log line, so a
/// 4 KB main log rotates many times a second, or a client calls clearLog in a loop, while another reads the log
/// through readLog and /mainlogtail. supervisord never reads between the delete and the reopen (one thread); our
/// control server reads on its own thread, and clearLog's delete left a moment with no file (NO_FILE, 404).
/// </summary>
public sealed class MainLogReadTests
{
    [Theory]
    [InlineData("/bin/sh -c 'while :; do echo 0123456789012345678901234567890123456789012345678901234567890123456789; done'", "4KB", "rotate")]
    [InlineData("/bin/sh -c 'while :; do echo tick; sleep 0.005; done'", "50MB", "clear")]
    public void Reads_always_find_the_main_log(string command, string maxBytes, string mode)
    {
        var config = $"""
            [supervisord]
            logfile={"{DIR}"}/main.log
            logfile_maxbytes={maxBytes}
            logfile_backups=2
            pidfile={"{DIR}"}/sv.pid
            childlogdir={"{DIR}"}
            loglevel=debug
            silent=true

            [unix_http_server]
            file={"{DIR}"}/sv.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:spew]
            command={command}
            stdout_logfile={"{DIR}"}/spew.log
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        Wait.Until(() => File.Exists(run.Dir.File("sv.sock")), "the control socket");
        var script = Path.Combine(AppContext.BaseDirectory, "Rpc", "main_log_reads.py");
        var (exit, output) = SupervisorRun.Run(Binaries.Python,
            [script, run.Dir.File("sv.sock"), run.Dir.File("main.log"), "6", .. mode == "clear" ? new[] { "clear" } : []], TimeSpan.FromSeconds(120));
        Assert.True(exit == 0, output);
        using var summary = JsonDocument.Parse(output.Split('\n').Last(l => l.StartsWith('{')));
        var root = summary.RootElement;
        Assert.True(root.GetProperty("failed").GetInt32() == 0, output);
        // Not vacuous: both readers were called and the log was replaced again and again while they were.
        foreach (var reader in root.GetProperty("calls").EnumerateObject())
        {
            Assert.True(reader.Value.GetInt32() >= 20, output);
        }
        Assert.True(root.GetProperty("replaced").GetInt32() >= 20, output);
    }
}
