using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// stdout_logfile on a named FIFO the daemon may write but not read (mode 0622 and supernetd running as nobody):
/// the read-write open that spares a spawn from waiting for a reader is refused, so the FIFO is opened for writing
/// alone. With its reader there, the program's lines reach it, and the daemon shuts down as usual. (Without a reader
/// that open waits on the supervisor thread: see docs/reliability.md.)
/// </summary>
public sealed class WriteOnlyFifoLogTests
{
    [Fact]
    public void A_write_only_FIFO_log_gets_the_programs_lines()
    {
        using var dir = new TempDir();
        File.SetUnixFileMode(dir.Path, (UnixFileMode)0b111_111_111);
        var fifo = dir.File("out.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", ["-m", "0622", fifo]).ExitCode);
        var received = dir.File("received.txt");
        var reader = Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{received}'");
        try
        {
            using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
                [supervisord]
                user=nobody
                logfile={dir.File("main.log")}
                pidfile={dir.File("sv.pid")}
                childlogdir={dir.Path}

                [unix_http_server]
                file={dir.File("sv.sock")}

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=unix://{dir.File("sv.sock")}

                [program:talk]
                command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo line $i; sleep 0.1; done'
                stdout_logfile={fifo}
                stdout_logfile_maxbytes=0
                """);
            Wait.Until(() => File.Exists(received) && File.ReadAllText(received).Contains("line 3\n", StringComparison.Ordinal),
                "the program's lines at the reader");
            Assert.StartsWith("line 1\nline 2\nline 3\n", File.ReadAllText(received), StringComparison.Ordinal);
            var stop = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "stop", "talk"], TimeSpan.FromSeconds(30));
            Assert.Contains("talk: stopped", stop.Output, StringComparison.Ordinal);
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
        }
        finally
        {
            Launch.KillTree(reader);
            reader.Dispose();
        }
    }
}
