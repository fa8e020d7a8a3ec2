using SuperNet.Integration.Tests.Containers;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// [supervisord] logfile= on a named FIFO with no reader at start-up: supervisord 4.2.5 waits in its open, before it
/// serves anything, and so did supernetd (its write-only open waited, even as root). As root the FIFO is opened for
/// reading and writing, so the lines wait in the FIFO; as a user that may only write it (mode 0622, user=nobody) the
/// lines are held by the log until a reader comes. Either way the daemon serves at once and the reader gets them.
/// </summary>
public sealed class MainLogFifoTests
{
    public static TheoryData<string, string> Users => new()
    {
        { "root", "0600" },
        { "nobody", "0622" },
    };

    [Theory]
    [MemberData(nameof(Users))]
    public void A_main_log_FIFO_with_no_reader_does_not_stop_the_daemon_from_serving(string user, string mode)
    {
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_111_111);
        var fifo = dir.File("main.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", ["-m", mode, fifo]).ExitCode);
        // A program that keeps exiting and being restarted: main-log lines keep coming, after the reader too.
        using var run = SupervisorRun.Start(Implementation.SuperNet, $$"""
            [supervisord]
            user={{user}}
            logfile={{fifo}}
            logfile_maxbytes=0
            pidfile={{dir.Path}}/sv.pid
            childlogdir={{dir.Path}}

            [unix_http_server]
            file={{dir.Path}}/sv.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://{{dir.Path}}/sv.sock

            [program:blink]
            command=/bin/sh -c 'sleep 0.2'
            startsecs=0
            autorestart=true
            """);
        var received = dir.File("received.txt");
        System.Diagnostics.Process? reader = null;
        try
        {
            Wait.Until(() => run.Ctl("status", "blink").Output.Contains("blink", StringComparison.Ordinal), "an answer to status with no reader");
            reader = Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{received}'");
            // Lines from before the reader came (kept in the FIFO or held by the log), then later ones.
            Wait.Until(() => File.Exists(received) && File.ReadAllText(received).Contains("supervisord started with pid", StringComparison.Ordinal)
                && File.ReadAllText(received).Contains("exited: blink", StringComparison.Ordinal), "the main log's lines at the reader");
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            if (reader is not null)
            {
                Launch.KillTree(reader);
                reader.Dispose();
            }
        }
    }
}
