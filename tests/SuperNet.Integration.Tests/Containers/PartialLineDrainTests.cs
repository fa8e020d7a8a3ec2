using System.Diagnostics;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// A prefixed line's start waits 200 ms for its rest, measured against the program, not the daemon: a daemon not
/// scheduled for longer than that (here stopped with SIGSTOP) reads what the pipe already holds before it decides.
/// </summary>
public sealed class PartialLineDrainTests
{
    private const int Attempts = 5;
    private const int Sigcont = 18;
    private const int Sigstop = 19;

    // Round i: "abc<i>" at the file a<i>, the rest of that line at b<i> (then w<i> says it is in the pipe); at the end
    // a line it never finishes.
    private const string Writer = """
        #!/bin/sh
        d=$1
        i=1
        while [ $i -le 5 ]; do
          while [ ! -e $d/a$i ]; do sleep 0.01; done
          printf "abc$i"
          while [ ! -e $d/b$i ]; do sleep 0.01; done
          printf "def$i\n"
          touch $d/w$i
          i=$((i+1))
        done
        while [ ! -e $d/stall ]; do sleep 0.01; done
        printf stalled
        exec sleep 1000
        """;

    [Fact]
    public void A_line_whose_rest_waited_in_the_pipe_while_the_daemon_was_stopped_goes_out_whole()
    {
        using var scripts = new TempDir();
        var writer = scripts.Write("writer.sh", Writer);
        File.SetUnixFileMode(writer, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var signals = scripts.Mkdir("signals");
        using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
            [program:x]
            command={writer} {signals}
            startsecs=0
            autorestart=false
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            log_prefix=x |
            """, loglevel: "debug");
        var daemon = run.DaemonPid;
        var conclusive = 0;
        for (var i = 1; i <= Attempts; i++)
        {
            File.WriteAllText(Path.Combine(signals, $"a{i}"), "");
            // The main log's copy of the read, with its time: the start of the line is now held by the daemon.
            DateTime readAt = default;
            Wait.Until(() => ReadTime(run.LogPath, $"abc{i}") is { } at && (readAt = at) != default, $"the daemon reading abc{i}");
            Assert.Equal(0, Native.kill(daemon, Sigstop));
            var stoppedAt = DateTime.Now;
            var stopped = Stopwatch.StartNew();
            try
            {
                File.WriteAllText(Path.Combine(signals, $"b{i}"), "");
                Wait.Until(() => File.Exists(Path.Combine(signals, $"w{i}")), $"the writer finishing line {i}");
                // Longer than the partial-line timeout, all of it with the rest of the line in the pipe.
                var left = TimeSpan.FromMilliseconds(400) - stopped.Elapsed;
                if (left > TimeSpan.Zero)
                    Thread.Sleep(left);
            }
            finally
            {
                Native.kill(daemon, Sigcont);
            }
            Wait.Until(() => run.Stdout.Contains($"def{i}", StringComparison.Ordinal), $"def{i} on stdout");
            // Stopped 200 ms or more after the read, the daemon rightly sent the start alone before it stopped: retry.
            if (stoppedAt - readAt >= TimeSpan.FromMilliseconds(180))
                continue;
            conclusive++;
            var lines = run.Stdout.Split('\n');
            Assert.True(lines.Contains($"x | abc{i}def{i}"), $"round {i}: line in pieces\n{run.Stdout}");
        }
        Assert.True(conclusive > 0, $"no round stopped the daemon within 180 ms of its read\n{run.Diagnostics()}");

        // A program that really stops mid-line still has its start sent alone after the timeout.
        File.WriteAllText(Path.Combine(signals, "stall"), "");
        Wait.Until(() => run.Stdout.Split('\n').Contains("x | stalled"), "the unfinished line sent alone");
    }

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
