using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>supernetd's stdout is a pipe nobody reads: programs, the daemon and its API carry on; lines are dropped and counted.</summary>
public sealed class BlockedStdoutTests
{
    [Fact]
    public void A_stdout_nobody_reads_leaves_the_daemon_and_other_programs_responsive_and_counts_drops()
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}

            [unix_http_server]
            file={dir.File("sv.sock")}

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{dir.File("sv.sock")}

            [program:flood]
            command=/usr/bin/python3 -c "import os; [os.write(1, b'flood line that nobody reads\n' * 100) for _ in iter(int, 1)]"
            stdout_logfile=stdout
            log_prefix=%(program_name)s |

            [program:ticker]
            command=/bin/sh -c 'while :; do date +%%s%%N; sleep 0.1; done'
            stdout_logfile={dir.File("ticker.log")}
            """);
        // The reader holds the pipe open and never reads.
        using var reader = Start("/bin/sh", "-c", $"exec sleep 600 < '{fifo}'");
        using var daemon = Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{config}' > '{fifo}' 2> '{dir.File("stderr.txt")}'");
        try
        {
            var log = new MainLogFile(dir.File("main.log"));
            log.WaitFor("supernetd's stdout is not keeping up: dropping whole lines (first from flood) until it does");

            // The API answers and the other program's output keeps flowing to its file.
            // Drops can begin inside startsecs, so RUNNING is awaited rather than expected at once.
            Wait.Until(() =>
            {
                var status = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", config, "status"], TimeSpan.FromSeconds(20));
                return Regex.IsMatch(status.Output, @"flood\s+RUNNING") && Regex.IsMatch(status.Output, @"ticker\s+RUNNING");
            }, "flood and ticker RUNNING while stdout is blocked", TimeSpan.FromSeconds(30));
            var size = new FileInfo(dir.File("ticker.log")).Length;
            Wait.Until(() => new FileInfo(dir.File("ticker.log")).Length > size + 100, "ticker output to keep growing");

            // The count is live, in getProcessInfo; a program not logging to stdout has no such member.
            Assert.True(ProcessInfo.Get(dir.File("sv.sock"), "flood").GetProperty("dropped_lines").GetInt64() > 0);
            Assert.False(ProcessInfo.Get(dir.File("sv.sock"), "ticker").TryGetProperty("dropped_lines", out _));

            var stop = SupervisorRun.Run(Binaries.Supervisorctl, ["-c", config, "stop", "flood"], TimeSpan.FromSeconds(20));
            Assert.Contains("flood: stopped", stop.Output);

            // Shutdown still completes: the queued lines are given up after a bounded wait.
            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(20_000), "supernetd did not exit with its stdout blocked");
            Assert.Equal(0, daemon.ExitCode);
        }
        finally
        {
            Kill(daemon);
            Kill(reader);
        }
    }

    private static Process Start(string file, string arg0, string arg1) =>
        Process.Start(new ProcessStartInfo(file) { ArgumentList = { arg0, arg1 } })!;

    private static void Kill(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }

    private sealed class MainLogFile(string path)
    {
        public void WaitFor(string fragment) =>
            Wait.Until(() => File.Exists(path) && File.ReadAllText(path).Contains(fragment, StringComparison.Ordinal),
                $"'{fragment}' in the main log", TimeSpan.FromSeconds(30));
    }
}
