using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Containers;

/// <summary>
/// stdout_logfile and stderr_logfile on one FIFO: both channels are written through one queue, so their lines reach
/// the reader in the order they came, as they do in a regular file. Each had a queue (and a descriptor) of its own,
/// written by its own thread, so while the reader was slow a channel's lines could overtake the other's.
/// </summary>
public sealed class SharedFifoLogTests
{
    [Fact]
    public void Stdout_and_stderr_on_one_FIFO_share_one_open_file()
    {
        using var dir = new TempDir();
        var fifo = dir.File("shipper.fifo");
        Assert.Equal(0, SupervisorRun.Run("/usr/bin/mkfifo", [fifo]).ExitCode);
        var received = dir.File("received.txt");
        var reader = Launch.Start("/bin/sh", "-c", $"exec cat '{fifo}' > '{received}'");
        try
        {
            using var run = SupervisorRun.Start(Implementation.SuperNet, $"""
                [program:talk]
                command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo out $i; echo err $i >&2; sleep 0.1; done'
                stdout_logfile={fifo}
                stdout_logfile_maxbytes=0
                stderr_logfile={fifo}
                stderr_logfile_maxbytes=0
                """);
            Wait.Until(() => File.Exists(received) && File.ReadAllText(received) is var text
                && text.Contains("out 3\n", StringComparison.Ordinal) && text.Contains("err 3\n", StringComparison.Ordinal),
                "both channels' lines at the reader");
            // Restarted: the next spawn keeps the one open file.
            var restart = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "restart", "talk"], TimeSpan.FromSeconds(30));
            Assert.Contains("talk: started", restart.Output, StringComparison.Ordinal);
            var daemon = run.DaemonPid;
            Assert.Single(Directory.GetFiles($"/proc/{daemon}/fd"), fd => new FileInfo(fd).LinkTarget == fifo);
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            Launch.KillTree(reader);
            reader.Dispose();
        }
    }
}
