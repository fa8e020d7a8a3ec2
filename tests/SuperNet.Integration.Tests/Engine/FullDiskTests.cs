using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;
using SuperNet.Testing;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// The main log on a 64 KiB tmpfs that fills up while the daemon runs, then gets its space back (the test runs as
/// root and mounts it). supervisord keeps the lines its file could not take in its stream buffer and writes them
/// once the disk has room; supernetd must keep them too, whole and in order, and leave no half line behind.
/// </summary>
public sealed class FullDiskTests
{
    // A name longer than the slack a tmpfs page can leave at the end of the log: the lines that name it cannot fit
    // into space the file already holds, so they meet the full disk.
    private static readonly string Long = "long" + new string('x', 5000);

    [Fact]
    public void Main_log_lines_logged_while_the_disk_is_full_are_written_whole_and_in_order_once_it_has_room()
    {
        using var disk = new Tmpfs(64 * 1024);
        var log = Path.Combine(disk.Path, "main.log");
        var config = $$"""
            [supervisord]
            logfile={{log}}
            pidfile={DIR}/sv.pid
            childlogdir={DIR}
            silent=true

            [unix_http_server]
            file={DIR}/sv.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{DIR}/sv.sock

            [program:{{Long}}]
            command=/bin/sleep 1000
            autostart=false
            startsecs=0
            stdout_logfile=NONE
            stderr_logfile=NONE

            [program:quiet]
            command=/bin/sleep 1000
            autostart=false
            startsecs=0
            stdout_logfile=NONE
            stderr_logfile=NONE
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        Wait.Until(() => File.Exists(log) && ReadAll(log).Contains("supervisord started", StringComparison.Ordinal), "the daemon's start");

        disk.Fill();
        // The daemon answers while its log cannot be written.
        var (code, output) = run.Ctl("start", Long);
        Assert.True(code == 0 && output.Contains("started", StringComparison.Ordinal), output);
        (code, output) = run.Ctl("stop", Long);
        Assert.True(code == 0 && output.Contains("stopped", StringComparison.Ordinal), output);

        disk.Free();
        (code, output) = run.Ctl("start", "quiet");
        Assert.True(code == 0, output);
        var raw = ReadAll(log);
        Wait.Until(() => (raw = ReadAll(log)).Contains("spawned: 'quiet'", StringComparison.Ordinal), "the line logged after the disk had room");

        var lines = raw.TrimEnd('\n').Split('\n');
        // A half-written line has the next line's timestamp glued to its end.
        var broken = lines.Where(l => LogLine.Parse(l) is null || Regex.IsMatch(l, @".\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} ")).ToList();
        Assert.True(broken.Count == 0, "half-written lines: " + string.Join(" | ", broken.Select(l => l.Length > 120 ? l[..120] + "..." : l)));
        var messages = lines.Select(l => LogLine.Parse(l)!.Message).ToList();
        int At(string start) => messages.FindIndex(m => m.StartsWith(start, StringComparison.Ordinal));
        var spawned = At($"spawned: '{Long}' with pid ");
        var success = At($"success: {Long} entered RUNNING state");
        var stopped = At($"stopped: {Long} (terminated by SIGTERM)");
        var after = At("spawned: 'quiet' with pid ");
        Assert.True(spawned >= 0 && spawned < success && success < stopped && stopped < after,
            $"order {spawned} {success} {stopped} {after}:\n" + string.Join("\n", messages.Select(m => m.Length > 120 ? m[..120] + "..." : m)));
    }

    private static string ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
