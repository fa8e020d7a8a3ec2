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

    [Fact]
    public void An_AUTO_child_log_the_disk_has_no_room_for_is_an_error_naming_the_directory_and_the_reason()
    {
        // Room for two files: the first program's two AUTO logs; the second program's cannot be made.
        using var disk = new Tmpfs(64 * 1024, "nr_inodes=3");
        var config = $$"""
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}/sv.pid
            childlogdir={{disk.Path}}

            [unix_http_server]
            file={DIR}/sv.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:a]
            command=/bin/sleep 1000

            [program:b]
            command=/bin/sleep 1000
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        // supervisord dies of the OSError with a traceback and status 1: the same status, with a message instead.
        Assert.Equal(1, run.WaitForExit());
        Assert.Matches($@"^Error: could not create the AUTO (stdout|stderr) log of 'b' in {Regex.Escape(disk.Path)}: No space left on device", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void An_AUTO_child_log_the_disk_has_no_room_for_at_update_is_a_fault_naming_it_and_the_daemon_carries_on()
    {
        using var disk = new Tmpfs(64 * 1024, "nr_inodes=3");
        var head = $$"""
            [supervisord]
            logfile={DIR}/main.log
            pidfile={DIR}/sv.pid
            childlogdir={{disk.Path}}

            [unix_http_server]
            file={DIR}/sv.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{DIR}/sv.sock

            [program:a]
            command=/bin/sleep 1000
            startsecs=0
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, head);
        run.WaitForLog("success: a entered RUNNING state");
        File.AppendAllText(run.ConfigPath, "\n[program:b]\ncommand=/bin/sleep 1000\n");

        var (_, output) = run.Ctl("update");
        Assert.Contains("FAILED: could not create the AUTO stdout log of 'b' in " + disk.Path + ": No space left on device", output, StringComparison.Ordinal);
        var (code, status) = run.Ctl("status", "a");
        Assert.True(code == 0 && status.Contains("RUNNING", StringComparison.Ordinal), status);
        Assert.DoesNotContain("   at ", File.ReadAllText(run.LogPath), StringComparison.Ordinal);
    }

    [Fact]
    public void Main_log_lines_still_refused_at_exit_are_counted_on_stderr()
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
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config);
        Wait.Until(() => File.Exists(log) && ReadAll(log).Contains("supervisord started", StringComparison.Ordinal), "the daemon's start");

        disk.Fill();
        var (code, output) = run.Ctl("start", Long);
        Assert.True(code == 0 && output.Contains("started", StringComparison.Ordinal), output);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());

        var note = Regex.Match(run.Stderr, $@"^Warning: (\d+) main log lines are lost: the log file could not be written: No space left on device\b.*{Regex.Escape(log)}",
            RegexOptions.Multiline);
        Assert.True(note.Success, "stderr: " + run.Stderr);
        // At least the spawned and success lines naming the long program, which no page's slack could take.
        Assert.InRange(int.Parse(note.Groups[1].Value), 2, 1000);
        Assert.DoesNotContain("success: long", ReadAll(log), StringComparison.Ordinal);
    }

    private static string ReadAll(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
