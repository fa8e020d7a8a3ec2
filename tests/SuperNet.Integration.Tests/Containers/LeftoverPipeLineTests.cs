using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// A restarted program whose old stdout is still held by a grandchild: the old pipe and the new one feed the same
/// prefixed stream. The start of a line the grandchild left in the old pipe belongs to that pipe alone: the new
/// process's lines must not finish it, and it goes out whole (with its own rest, or alone after its wait), once, at
/// shutdown too. The daemon is stopped (SIGSTOP) right after it reads the start, so that the new process's line is
/// read while the start is held, as a loaded machine would have it.
/// </summary>
public sealed class LeftoverPipeLineTests
{
    private const int Attempts = 4;
    private const int Sigcont = 18;
    private const int Sigstop = 19;
    private const int Sigterm = 15;

    // Run n tells its predecessor's new line when asked (new<n-1>, then n<n-1>), and leaves a grandchild holding its
    // stdout that writes "abc<n>" at a<n> and "def<n>\n" at b<n> (then w<n>). quit ends every loop, and so does the
    // signals directory's removal: a grandchild that had not yet seen quit when the test's directory went looped on for
    // good (no supervisor is its parent any more).
    private const string Program = """
        #!/bin/sh
        d=$1
        n=$(cat $d/run 2>/dev/null || echo 0); n=$((n+1)); echo $n > $d/run
        wait_for() { until [ -e $d/$1 ] || [ -e $d/quit ] || [ ! -d $d ]; do sleep 0.01; done; }
        (
          wait_for a$n; printf "abc$n"
          wait_for b$n; printf "def$n\n"; touch $d/w$n
        ) &
        if [ $n -gt 1 ]; then
          p=$((n-1))
          wait_for new$p; printf "new$p\n"; touch $d/n$p
        fi
        exec sleep 1000
        """;

    [Fact]
    public void A_line_started_in_a_pipe_a_grandchild_holds_is_not_finished_by_the_restarted_process()
    {
        using var scripts = new TempDir();
        var (signals, program) = Install(scripts);
        using var run = Start(program, signals);
        try
        {
            var conclusive = 0;
            for (var i = 1; i <= Attempts; i++)
            {
                Restart(run, i);
                var (stoppedAt, readAt) = HoldStart(run, signals, i);
                try
                {
                    Touch(signals, $"new{i}");
                    Touch(signals, $"b{i}");
                    Wait.Until(() => File.Exists(Path.Combine(signals, $"n{i}")) && File.Exists(Path.Combine(signals, $"w{i}")),
                        $"the new process's line and the grandchild's rest of line {i} written");
                }
                finally
                {
                    Native.kill(run.DaemonPid, Sigcont);
                }
                Wait.Until(() => run.Stdout.Contains($"def{i}", StringComparison.Ordinal) && run.Stdout.Contains($"new{i}", StringComparison.Ordinal),
                    $"round {i} on stdout");
                var lines = run.Stdout.Split('\n');
                Assert.True(lines.Contains($"x | new{i}"), $"round {i}: the new process's line is not whole\n{run.Stdout}");
                // Stopped about 200 ms or more after the read, the daemon may rightly have sent the start alone.
                if (stoppedAt - readAt >= TimeSpan.FromMilliseconds(180))
                {
                    Assert.True(lines.Contains($"x | abc{i}def{i}") || lines.Contains($"x | abc{i}") && lines.Contains($"x | def{i}"),
                        $"round {i}\n{run.Stdout}");
                    continue;
                }
                conclusive++;
                Assert.True(lines.Contains($"x | abc{i}def{i}"), $"round {i}: the grandchild's line is not whole\n{run.Stdout}");
            }
            Assert.True(conclusive > 0, $"no round stopped the daemon within 180 ms of its read\n{run.Diagnostics()}");
            Assert.True(Regex.Matches(run.Stdout, "abc").Count == Attempts, run.Stdout);
        }
        finally
        {
            Touch(signals, "quit");
        }
    }

    [Fact]
    public void A_line_start_held_from_a_leftover_pipe_when_the_daemon_is_told_to_stop_goes_out_once()
    {
        using var scripts = new TempDir();
        var (signals, program) = Install(scripts);
        using var run = Start(program, signals);
        try
        {
            Restart(run, 1);
            HoldStart(run, signals, 1);
            try
            {
                Touch(signals, "new1");
                Wait.Until(() => File.Exists(Path.Combine(signals, "n1")), "the new process's line written");
                // The start waits longer than its timeout while the daemon is stopped: at SIGCONT its timer asks the
                // pump to read the pipe while the daemon shuts down.
                Thread.Sleep(300);
                Assert.Equal(0, Native.kill(run.DaemonPid, Sigterm));
            }
            finally
            {
                Native.kill(run.DaemonPid, Sigcont);
            }
            Assert.Equal(0, run.WaitForExit());
            var lines = run.Stdout.Split('\n');
            Assert.True(lines.Contains("x | new1"), $"the new process's line is not whole\n{run.Diagnostics()}");
            Assert.True(lines.Count(l => l == "x | abc1") == 1 && Regex.Matches(run.Stdout, "abc1").Count == 1,
                $"the held start not sent once, alone\n{run.Diagnostics()}");
            Assert.DoesNotContain(run.Log(), l => l.Level == "ERRO");
        }
        finally
        {
            Touch(signals, "quit");
        }
    }

    private static (string Signals, string Program) Install(TempDir scripts)
    {
        var program = scripts.Write("program.sh", Program);
        File.SetUnixFileMode(program, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return (scripts.Mkdir("signals"), program);
    }

    private static SupervisorRun Start(string program, string signals)
    {
        var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:x]
            command={program} {signals}
            startsecs=0
            autorestart=false
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            log_prefix=x |
            """, new RunOptions(OwnDev: true), loglevel: "debug");
        run.WaitForLog("success: x entered RUNNING state");
        return run;
    }

    // Run i is stopped (its grandchild keeps the pipe) and run i+1 started.
    private static void Restart(SupervisorRun run, int i)
    {
        var (code, output) = run.Ctl("restart", "x");
        Assert.True(code == 0 && output.Contains("started", StringComparison.Ordinal), output);
        run.WaitForLog("success: x entered RUNNING state", occurrence: i + 1);
    }

    /// <summary>The grandchild of run i writes the start of its line; the daemon is stopped once its debug copy says it read it.</summary>
    private static (DateTime StoppedAt, DateTime ReadAt) HoldStart(SupervisorRun run, string signals, int i)
    {
        Touch(signals, $"a{i}");
        DateTime readAt = default;
        Wait.Until(() => ReadTime(run.LogPath, $"abc{i}") is { } at && (readAt = at) != default, $"the daemon reading abc{i}");
        Assert.Equal(0, Native.kill(run.DaemonPid, Sigstop));
        return (DateTime.Now, readAt);
    }

    private static void Touch(string dir, string name) => File.WriteAllText(Path.Combine(dir, name), "");

    private static DateTime? ReadTime(string logPath, string text)
    {
        if (!File.Exists(logPath))
            return null;
        using var stream = new FileStream(logPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = reader.ReadToEnd().Split('\n');
        for (var j = 1; j < lines.Length; j++)
        {
            if (lines[j] == text && LogLine.Parse(lines[j - 1]) is { } line && line.Message.EndsWith("stdout output:", StringComparison.Ordinal))
                return line.Time;
        }
        return null;
    }
}
