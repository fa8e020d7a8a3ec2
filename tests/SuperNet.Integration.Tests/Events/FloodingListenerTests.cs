using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Events;

/// <summary>
/// Listeners that break the protocol without end: one writes 1 GiB of garbage on its stdout, one never reads its
/// stdin. The daemon answers throughout and holds none of it: the pump handed every read of a listener's stdout to
/// the supervisor thread as a copy in its mailbox, and with 4000 programs configured (each message costs the thread
/// more) the copies piled up faster than it took them, 300 MiB and more for the 1 GiB. Its pipe is now read only as
/// fast as the protocol takes what was read.
/// </summary>
public sealed class FloodingListenerTests
{
    // Far above the daemon's own size with 4000 programs (about 30 MiB), far below what holding the garbage takes.
    private const long RssBound = 128L * 1024 * 1024;

    [Fact]
    public void A_listener_writing_a_gibibyte_of_garbage_and_one_that_reads_nothing_leave_the_daemon_small_and_answering()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [eventlistener:garbage]
            command=/usr/bin/python3 -c "import os, time; b = b'garbage without end ' * 6554; [time.sleep(0.05) for _ in iter(lambda: os.path.exists('{DIR}/go'), True)]; [os.write(1, b) for _ in range(8192)]; open('{DIR}/done', 'w').close(); time.sleep(3600)"
            events=TICK_5
            stdout_logfile=NONE

            [eventlistener:deaf]
            command=/bin/sh -c 'printf "READY\n"; exec sleep 3600'
            events=TICK_5

            [program:many]
            command=/bin/true
            autostart=false
            numprocs=4000
            process_name=%(program_name)s_%(process_num)s
            stdout_logfile=NONE
            stderr_logfile=NONE
            """);
        run.WaitForLog("success: garbage entered RUNNING state");
        run.WaitForLog("success: deaf entered RUNNING state");
        File.WriteAllText(run.Dir.File("go"), "");
        long peak = 0;
        Wait.Until(() =>
        {
            peak = Math.Max(peak, Rss(run.DaemonPid));
            return File.Exists(run.Dir.File("done"));
        }, "the listener's 1 GiB of garbage read");
        Assert.True(peak < RssBound, $"the daemon's RSS reached {peak / 1024} KiB while the listener wrote 1 GiB");
        var status = SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, "status", "garbage", "deaf"], TimeSpan.FromSeconds(30));
        Assert.Matches(@"garbage\s+RUNNING", status.Output);
        Assert.Matches(@"deaf\s+RUNNING", status.Output);
        run.WaitForLog("garbage: has entered the UNKNOWN state");
    }

    private static long Rss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).Single();
}
