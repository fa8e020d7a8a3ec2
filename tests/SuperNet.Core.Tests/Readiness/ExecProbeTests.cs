using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Readiness;
using SuperNet.Core.Tests.Supervision;

namespace SuperNet.Core.Tests.Readiness;

/// <summary>exec: probes in the state machine, with fake processes; the probe timeout runs on real time.</summary>
public sealed class ExecProbeTests
{
    private static Rig WithProbe()
    {
        var rig = new Rig(Rig.Single(Rig.Program("app") with
        {
            StartSecs = 0,
            Container = new ContainerOptions
            {
                Healthcheck = ProbeParser.Parse("healthcheck", "exec:start-helper-and-exit"),
                HealthcheckInterval = TimeSpan.FromSeconds(1),
                HealthcheckRetries = 1,
            },
        }));
        // Only the probe has pipes, so only its output can stay open after its exit.
        rig.Spawner.PipesFor = request => request.Path == "/bin/sh"
            ? new ChildPipes(File.OpenHandle("/dev/null", FileMode.Open, FileAccess.Write), File.OpenHandle("/dev/null"), null)
            : null;
        return rig;
    }

    [Fact]
    public async Task A_probe_killed_at_its_timeout_fails_even_if_something_it_started_keeps_its_output_open()
    {
        await using var rig = WithProbe();
        await rig.AdvanceUntil(async () => await rig.State("app") == ProcessState.Running);
        await rig.AdvanceUntil(() => Task.FromResult(rig.Spawner.Count == 2));
        var probe = rig.Spawner.LastPid;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!rig.Signaller.Sent.Contains(new SentSignal(probe, Signals.KILL, true)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the probe was never killed at its timeout");
            await Task.Delay(50);
        }
        // Killed, but a child of it in another session keeps the pipe open.
        rig.Supervisor.PostChildExit(probe, WaitStatus.FromSignal(Signals.KILL));
        // The reap closes the pipe, whose end of file the pump posts back: one more turn of the loop, so wait on it.
        var failed = (LogLevel.Warn, "healthcheck of app failed (1 of 1): timed out after 2 s");
        while (!rig.Log.Lines.Contains(failed))
        {
            Assert.True(DateTime.UtcNow < deadline, "the killed probe's failure was never logged");
            await Task.Delay(50);
        }
        Assert.Equal(ProcessState.Stopping, await rig.State("app"));
    }

    [Fact]
    public async Task A_probe_that_exited_while_something_it_started_keeps_its_output_open_is_answered_by_its_exit()
    {
        await using var rig = WithProbe();
        await rig.AdvanceUntil(async () => await rig.State("app") == ProcessState.Running);
        await rig.AdvanceUntil(() => Task.FromResult(rig.Spawner.Count == 2));
        var process = rig.Supervisor.Groups[0].Processes[0];

        // The probe exits 0, but a background child it started still holds its stdout: no end of file, ever.
        rig.Supervisor.PostChildExit(rig.Spawner.LastPid, WaitStatus.FromExitCode(0));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (await rig.Supervisor.InvokeAsync(() => process.Health) != "healthy")
        {
            Assert.True(DateTime.UtcNow < deadline, "the probe was never answered: health checks stopped for good");
            await Task.Delay(50);
        }
        // And the checks go on: the next one is scheduled.
        Assert.NotNull(await rig.ArmedDeadline());
        Assert.Equal(ProcessState.Running, await rig.State("app"));
    }
}
