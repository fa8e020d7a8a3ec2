using System.Text.Json;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Pid1;

/// <summary>
/// stdout_logfile=/proc/1/fd/1 (and /proc/1/fd/2), the container idiom for a stdout a dropped user cannot open as
/// /dev/stdout: as PID 1 it names supernetd's own fd 1, and under tini (`docker run --init`) the same pipe, so it is
/// written as /dev/stdout is (prefix, JSON, whole lines, the shared queue, drops reported for the stream).
/// </summary>
public sealed partial class ProcOneFdLogTests
{
    // Each line is LENGTH copies of one letter, written with one write: more than a pipe holds, so the daemon reads
    // it in pieces while the other program's pieces arrive.
    private const string LongLines = """
        import os, sys
        letter, length, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
        for _ in range(count):
            os.write(1, (letter * length + '\n').encode())
        """;

    [GeneratedRegex(@"^([ab]) \| ([ab]+)$")]
    private static partial Regex LongPiece();

    [Fact]
    public void As_pid_1_proc_1_fd_1_and_2_get_prefixed_lines_and_json_on_supernetds_own_streams()
    {
        const string config = """
            [program:a]
            command={HELPER} echo-both out-a err-a
            stdout_logfile=/proc/1/fd/1
            stderr_logfile=/proc/1/fd/2
            log_prefix=%(program_name)s |
            startsecs=0
            autorestart=false

            [program:b]
            command={HELPER} echo-both out-b err-b
            stdout_logfile=/proc/1/fd/1
            log_format=json
            startsecs=0
            autorestart=false
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(AsPid1: true));
        run.WaitForLog("exited: a ");
        run.WaitForLog("exited: b ");
        Assert.Equal("supervisord started with pid 1", run.Log().First(l => l.Message.StartsWith("supervisord started", StringComparison.Ordinal)).Message);
        // getProcessInfo names the path as written, as supervisord does (and as for /dev/stdout).
        Assert.Equal("/proc/1/fd/1", ProcessInfo(run, "a").GetProperty("stdout_logfile").GetString());
        Assert.Equal("/proc/1/fd/2", ProcessInfo(run, "a").GetProperty("stderr_logfile").GetString());
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());

        var stdout = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("a | out-a", stdout);
        Assert.Contains("a | err-a", run.Stderr.Split('\n'));
        var json = Assert.Single(stdout, l => l.StartsWith('{'));
        using var record = JsonDocument.Parse(json);
        Assert.Equal(("b", "stdout", "out-b"), (record.RootElement.GetProperty("program").GetString(),
            record.RootElement.GetProperty("stream").GetString(), record.RootElement.GetProperty("line").GetString()));
    }

    [Fact]
    public void Lines_longer_than_64_KiB_from_two_programs_at_once_are_never_cut_into_each_other()
    {
        const int length = 100 * 1024;
        const int count = 20;
        using var scripts = new TempDir();
        var writer = $"{Binaries.Python} {scripts.Write("long.py", LongLines)}";
        var config = string.Concat(new[] { "a", "b" }.Select(name => $"""
            [program:{name}]
            command={writer} {name} {length} {count}
            stdout_logfile=/proc/1/fd/1
            log_prefix=%(program_name)s |
            startsecs=0
            autorestart=false

            """));
        using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(AsPid1: true));
        run.WaitForLog("exited: a ", TimeSpan.FromSeconds(60));
        run.WaitForLog("exited: b ", TimeSpan.FromSeconds(60));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());

        // A line's start goes out alone once 64 KiB of it are held, behind its prefix, and the rest follows as its own
        // prefixed line; a piece holding the other program's bytes, or cut short by them, breaks the pattern or the count.
        var letters = new Dictionary<string, long> { ["a"] = 0, ["b"] = 0 };
        foreach (var line in run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var m = LongPiece().Match(line);
            Assert.True(m.Success && m.Groups[2].Value.Trim(m.Groups[1].Value[0]).Length == 0,
                $"not a whole piece of one program: {line[..Math.Min(line.Length, 120)]}");
            letters[m.Groups[1].Value] += m.Groups[2].Length;
        }
        Assert.Equal((long)length * count, letters["a"]);
        Assert.Equal((long)length * count, letters["b"]);
    }

    [Fact]
    public void A_stdout_nobody_reads_drops_whole_lines_reported_as_supernetds_stdout()
    {
        using var dir = new TempDir();
        var fifo = dir.File("stdout.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        // The reader holds the pipe open and never reads.
        using var reader = Launch.Start("/bin/sh", "-c", $"exec sleep 600 < '{fifo}'");
        try
        {
            const string config = """
                [program:flood]
                command=/usr/bin/python3 -c "import os; [os.write(1, b'flood line that nobody reads\n' * 100) for _ in iter(int, 1)]"
                stdout_logfile=/proc/1/fd/1
                log_prefix=%(program_name)s |
                """;
            using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(AsPid1: true, StdoutFile: fifo));
            run.WaitForLog("supernetd's stdout is not keeping up: dropping whole lines (first from flood) until it does", TimeSpan.FromSeconds(30));
            Wait.Until(() => ProcessInfo(run, "flood").GetProperty("dropped_lines").GetInt64() > 0, "flood's dropped_lines counted");
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Launch.KillTree(reader);
        }
    }

    [Fact]
    public void Under_tini_proc_1_fd_1_is_the_same_pipe_as_supernetds_stdout_and_gets_the_prefix()
    {
        const string config = """
            [program:a]
            command={HELPER} echo-both out-a err-a
            stdout_logfile=/proc/1/fd/1
            stderr_logfile=/proc/1/fd/2
            log_prefix=%(program_name)s |
            startsecs=0
            autorestart=false
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(UnderTini: true));
        run.WaitForLog("exited: a ");
        Assert.NotEqual("supervisord started with pid 1", run.Log().First(l => l.Message.StartsWith("supervisord started", StringComparison.Ordinal)).Message);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.Contains("a | out-a", run.Stdout.Split('\n'));
        Assert.Contains("a | err-a", run.Stderr.Split('\n'));
    }

    /// <summary>
    /// tini's stdout is not supernetd's (supernetd's goes to a file): /proc/1/fd/1 is another file, opened and written
    /// as supervisord writes it, the program's bytes unchanged, and nothing of it reaches supernetd's own stdout.
    /// </summary>
    [Fact]
    public void Under_tini_with_another_stdout_proc_1_fd_1_is_a_file_written_as_supervisord_does()
    {
        using var dir = new TempDir();
        var ownStdout = dir.File("supernetd.out");
        const string config = """
            [program:a]
            command={HELPER} echo-both out-a err-a
            stdout_logfile=/proc/1/fd/1
            log_prefix=%(program_name)s |
            startsecs=0
            autorestart=false
            """;
        using var run = SupervisorRun.Start(Implementation.SuperNet, config, new RunOptions(UnderTini: true, StdoutFile: ownStdout));
        run.WaitForLog("exited: a ");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
        Assert.Contains("out-a", run.Stdout.Split('\n'));
        Assert.DoesNotContain("out-a", File.ReadAllText(ownStdout), StringComparison.Ordinal);
    }

    private static JsonElement ProcessInfo(SupervisorRun run, string name) =>
        Containers.ProcessInfo.Get(run.SocketPath, name);
}
