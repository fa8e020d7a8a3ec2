using System.Diagnostics;
using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// supernetd's stdout and stderr are one pipe (`2&gt;&amp;1`, or one terminal under `docker run -t`), programs log to
/// both, and the reader falls behind: every line still arrives whole. With a writer thread per fd, two blocking
/// writes into the one full pipe interleaved inside their lines.
/// </summary>
public sealed class SharedStreamTests
{
    private const int LineLength = 3000;

    // Opens the FIFO before supernetd does, reads nothing until the drain file appears, then copies it all out.
    private const string Reader = """
        import os, sys, time
        fifo, out, opened, drain = sys.argv[1:5]
        r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
        open(opened, 'w').close()
        while not os.path.exists(drain):
            time.sleep(0.05)
        os.set_blocking(r, True)
        with open(out, 'ab', buffering=0) as f:
            while True:
                data = os.read(r, 65536)
                if not data:
                    break
                f.write(data)
        """;

    private static readonly Regex MainLogLine = new(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]{4} ");

    [Fact]
    public void Lines_to_stdout_and_stderr_stay_whole_when_both_are_one_pipe_that_falls_behind()
    {
        using var dir = new TempDir();
        var fifo = dir.File("streams.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        var socket = dir.File("sv.sock");
        var config = dir.Write("supervisord.conf", $"""
            [supervisord]
            nodaemon=true
            logfile={dir.File("main.log")}
            pidfile={dir.File("sv.pid")}
            childlogdir={dir.Path}

            [unix_http_server]
            file={socket}

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            {Writer("out", "stdout")}
            {Writer("err", "stderr")}
            """);
        var opened = dir.File("opened");
        var received = dir.File("received.txt");
        using var reader = Launch.Start(Binaries.Python, dir.Write("reader.py", Reader), fifo, received, opened, dir.File("drain"));
        Wait.Until(() => File.Exists(opened), "the reader holding the FIFO open");
        using var daemon = Launch.Start("/bin/sh", "-c", $"exec '{Binaries.Supernetd}' -c '{config}' > '{fifo}' 2>&1");
        try
        {
            // Both programs write far more than the pipe holds, so both of the daemon's streams wait on it.
            foreach (var name in new[] { "out", "err" })
            {
                Wait.Until(() => File.Exists(socket) && ProcessInfo.Get(socket, name).GetProperty("statename").GetString() == "EXITED",
                    $"{name} to write all its lines and exit", TimeSpan.FromSeconds(60));
            }
            File.WriteAllText(dir.File("drain"), "");
            Assert.Equal(0, Native.kill(daemon.Id, 15));
            Assert.True(daemon.WaitForExit(30_000), "supernetd did not exit on SIGTERM");
            Assert.True(reader.WaitForExit(30_000), "the reader did not see the end of the stream");
        }
        finally
        {
            Launch.KillTree(daemon);
            Launch.KillTree(reader);
        }

        var whole = new Regex($@"^(out|err) \| \1 \d{{6}} x{{{LineLength}}}$");
        var lines = File.ReadAllText(received).Split('\n');
        Assert.Equal("", lines[^1]);
        var seen = new Dictionary<string, int> { ["out"] = 0, ["err"] = 0 };
        foreach (var line in lines[..^1])
        {
            if (MainLogLine.IsMatch(line))
                continue;
            var match = whole.Match(line);
            Assert.True(match.Success, $"a torn line: {line[..Math.Min(line.Length, 120)]}... ({line.Length} characters)");
            seen[match.Groups[1].Value]++;
        }
        Assert.True(seen["out"] > 0 && seen["err"] > 0, $"lines from both streams: out {seen["out"]}, err {seen["err"]}");
    }

    private static string Writer(string name, string stream) => $"""
        [program:{name}]
        command=/usr/bin/python3 -c "import os; [os.write(1, b'{name} %%06d %%s\n' %% (i, b'x' * {LineLength})) for i in range(4000)]"
        stdout_logfile={stream}
        log_prefix=%(program_name)s |
        startsecs=0
        autorestart=false
        """;
}
