using System.Text.RegularExpressions;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Readiness;

/// <summary>
/// What a process says about its readiness without changing state (sd_notify STATUS= and STOPPING=1, a failed
/// healthcheck) reaches clients at once: `supernetctl health` and `status` read the published view, which such
/// news did not refresh until the process next changed state.
/// </summary>
public sealed class ReadinessViewTests
{
    private static (int Code, string Output) Ctl(SupervisorRun run, string command) =>
        SupervisorRun.Run(Binaries.Supernetctl, ["-c", run.ConfigPath, command]);

    [Fact]
    public void Notify_status_while_starting_and_stopping_while_running_show_in_health()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:db]
            command=/usr/bin/python3 -c "import os, socket, time; s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); send = lambda m: s.sendto(m, os.environ['NOTIFY_SOCKET']); wait = lambda f: [time.sleep(0.05) for _ in iter(lambda: os.path.exists(f), True)]; send(b'STATUS=recovering'); wait('{DIR}/go'); send(b'STATUS=accepting connections\nREADY=1'); wait('{DIR}/stop'); send(b'STOPPING=1'); time.sleep(1e9)"
            ready=notify
            ready_timeout=0
            startsecs=0
            """);
        Wait.Until(() => Ctl(run, "health") == (1, "db STARTING (recovering)\n"), "health to show db's STATUS= while STARTING");

        File.WriteAllText(run.Dir.File("go"), "");
        run.WaitForLog("success: db entered RUNNING state, process is ready (notify)");
        Wait.Until(() => Ctl(run, "health") == (0, "ok\n"), "health to answer ok");

        File.WriteAllText(run.Dir.File("stop"), "");
        run.WaitForLog("db reported STOPPING=1");
        Wait.Until(() => Ctl(run, "health") == (1, "db RUNNING not ready (accepting connections)\n"),
            "health to show db not ready after STOPPING=1");
        Assert.Matches(new Regex(@"^db +RUNNING +not-ready ", RegexOptions.Multiline), Ctl(run, "status").Output);
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }

    [Fact]
    public void A_failed_healthcheck_shows_unhealthy_in_status()
    {
        using var run = SupervisorRun.Start(Implementation.SuperNet, """
            [program:app]
            command={HELPER} signals
            startsecs=0
            healthcheck=exec:test -f {DIR}/healthy
            healthcheck_interval=0.2
            healthcheck_retries=1000
            """);
        run.WaitForLog("healthcheck of app failed (1 of 1000)");
        Wait.Until(() => Regex.IsMatch(Ctl(run, "status").Output, @"^app +RUNNING +unhealthy ", RegexOptions.Multiline),
            "status to show app unhealthy");
        run.Signal(15);
        Assert.Equal(0, run.WaitForExit());
    }
}
