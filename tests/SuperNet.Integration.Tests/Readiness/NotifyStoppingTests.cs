using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>sd_notify's STOPPING=1 (the service's shutdown has begun): the process is not ready, whatever it said before.</summary>
public sealed class NotifyStoppingTests
{
    [Fact]
    public void Stopping_after_ready_while_still_starting_is_held_to_ready_timeout()
    {
        // READY=1 then STOPPING=1 within startsecs: it never was RUNNING, and is not ready any more. It was left
        // STARTING for ever (no ready_timeout running); it is stopped as a failed start at its ready_timeout.
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:app]
            command=/usr/bin/python3 -c "import os, socket, time; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); [s.sendto(m, os.environ['NOTIFY_SOCKET']) for m in (b'READY=1', b'STOPPING=1')]; time.sleep(1e9)"
            ready=notify
            ready_timeout=2
            startsecs=4
            startretries=0
            """);
        run.WaitForLog("app reported STOPPING=1");
        run.WaitForLog("app not ready within 2 seconds (ready_timeout); stopping it as a failed start", TimeSpan.FromSeconds(30));
        run.WaitForLog("gave up: app entered FATAL state");
        Assert.DoesNotContain(run.Log(), l => l.Message.StartsWith("success: app", StringComparison.Ordinal));
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void Ready_again_after_stopping_while_starting_makes_it_running()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:app]
            command=/usr/bin/python3 -c "import os, socket, time; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); [s.sendto(m, os.environ['NOTIFY_SOCKET']) for m in (b'READY=1', b'STOPPING=1', b'READY=1')]; time.sleep(1e9)"
            ready=notify
            ready_timeout=0
            startsecs=1
            """);
        run.WaitForLog("app reported STOPPING=1");
        run.WaitForLog("success: app entered RUNNING state, process is ready (notify)");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
