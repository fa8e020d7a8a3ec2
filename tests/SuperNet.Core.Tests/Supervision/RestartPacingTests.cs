using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Tests.Supervision;

public sealed class RestartPacingTests
{
    private static ProcessConfig QuickExit(RestartPolicy? policy = null) =>
        Rig.Program("a") with { StartSecs = 0, AutoRestart = AutoRestart.True, Restart = policy ?? RestartPolicy.Default };

    [Fact]
    public async Task An_exit_from_running_respawns_one_second_after_the_previous_spawn_in_exited()
    {
        await using var rig = new Rig(Rig.Single(QuickExit()));
        await rig.Sync();
        await rig.Advance(TimeSpan.FromMilliseconds(300));
        await rig.ExitCode("a", 0);
        Assert.Equal(ProcessState.Exited, await rig.State("a"));
        Assert.Equal(TimeSpan.FromSeconds(1), await rig.ArmedDeadline());
        await rig.Advance(TimeSpan.FromMilliseconds(699));
        Assert.Equal(1, rig.Spawner.Count);
        await rig.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, rig.Spawner.Count);
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        // supervisord's lines, no more: nothing is logged for the wait.
        const string Running = "INFO success: a entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)";
        Assert.Equal(["INFO spawned: 'a' with pid 100", Running, "INFO exited: a (exit status 0; expected)", "INFO spawned: 'a' with pid 101", Running],
            rig.Log.Matching("spawned", "success", "exited", "backoff", "waiting"));
    }

    [Fact]
    public async Task A_respawn_that_falls_due_between_the_pass_and_the_timer_stays_armed()
    {
        await using var rig = new Rig(Rig.Single(QuickExit()));
        await rig.Sync();
        await rig.Advance(TimeSpan.FromMilliseconds(300));
        await rig.ExitCode("a", 0);
        var process = rig.Supervisor.Groups[0].Processes[0];
        // The loop reads the clock for its transitions and again to arm the timer; a thread preempted between
        // the two (a loaded machine) must not see the due respawn as nothing to wait for.
        var armed = await rig.Supervisor.InvokeAsync(() =>
        {
            rig.Time.Advance(TimeSpan.FromMilliseconds(700));
            return process.NextDeadline;
        });
        Assert.Equal(TimeSpan.FromSeconds(1), armed);
        await rig.Sync();
        Assert.Equal(2, rig.Spawner.Count);
    }

    [Fact]
    public async Task A_backoff_that_ends_between_the_pass_and_the_timer_stays_armed()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 5 }));
        await rig.Sync();
        await rig.ExitCode("a", 1);
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        var process = rig.Supervisor.Groups[0].Processes[0];
        var armed = await rig.Supervisor.InvokeAsync(() =>
        {
            rig.Time.Advance(TimeSpan.FromSeconds(1));
            return process.NextDeadline;
        });
        Assert.Equal(TimeSpan.FromSeconds(1), armed);
        await rig.Sync();
        Assert.Equal(2, rig.Spawner.Count);
    }

    [Fact]
    public async Task A_long_running_process_respawns_at_once()
    {
        await using var rig = new Rig(Rig.Single(QuickExit()));
        await rig.Advance(TimeSpan.FromSeconds(5));
        await rig.ExitCode("a", 0);
        Assert.Equal(2, rig.Spawner.Count);
    }

    [Fact]
    public async Task Exponential_backoff_waits_in_backoff_with_the_delay_visible_without_spending_startretries()
    {
        var policy = new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 1, MaxSeconds = 4, ResetSeconds = 10 };
        await using var rig = new Rig(Rig.Single(QuickExit(policy) with { StartRetries = 1 }));
        await rig.Sync();
        var delays = new List<double>();
        for (var i = 0; i < 4; i++)
        {
            await rig.ExitCode("a", 0);
            var info = await rig.Info("a");
            Assert.Equal(ProcessState.Backoff, info.State);
            delays.Add(info.BackoffDelay);
            Assert.Equal($"restarting in {info.BackoffDelay:0.0} s", info.Description);
            var spawns = rig.Spawner.Count;
            await rig.AdvanceUntil(() => Task.FromResult(rig.Spawner.Count > spawns));
            await rig.Sync();
        }
        Assert.Equal([1, 2, 4, 4], delays);
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        Assert.Equal(0, (await rig.Info("a")).BackoffDelay);

        // Stable for backoff_reset seconds: the delays start over.
        await rig.Advance(TimeSpan.FromSeconds(10));
        await rig.ExitCode("a", 0);
        Assert.Equal(1, (await rig.Info("a")).BackoffDelay);
    }

    [Fact]
    public async Task Failed_starts_under_exponential_backoff_still_end_in_fatal_after_startretries()
    {
        var policy = new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 0.5, MaxSeconds = 60 };
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 5, StartRetries = 2, Restart = policy }));
        await rig.Sync();
        await rig.ExitCode("a", 1);
        var info = await rig.Info("a");
        Assert.Equal(0.5, info.BackoffDelay);
        Assert.Equal("Exited too quickly (process log may have details); restarting in 0.5 s", info.Description);
        await rig.FailUntilFatal("a", 1);
        Assert.Equal(3, rig.Spawner.Count);
        Assert.Contains("gave up: a entered FATAL state, too many start retries too quickly", rig.Log.Messages);
    }

    [Fact]
    public async Task Restart_delay_pauses_every_restart()
    {
        await using var rig = new Rig(Rig.Single(QuickExit(new RestartPolicy { FixedSeconds = 2.5 })));
        await rig.Sync();
        await rig.ExitCode("a", 0);
        Assert.Equal(2.5, (await rig.Info("a")).BackoffDelay);
        await rig.Advance(TimeSpan.FromMilliseconds(2499));
        Assert.Equal(1, rig.Spawner.Count);
        await rig.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, rig.Spawner.Count);
    }

    [Fact]
    public async Task A_restart_delay_beyond_what_time_can_hold_still_ends_the_exit_and_waits_in_backoff()
    {
        // restart_delay=1e12 passes the config (finite, not negative) but is past TimeSpan's range.
        await using var rig = new Rig(Rig.Single(QuickExit(new RestartPolicy { FixedSeconds = 1e12 })));
        await rig.Sync();
        await rig.ExitCode("a", 0);
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Backoff, info.State);
        Assert.Equal(0, info.Pid);
        Assert.DoesNotContain(rig.Log.Messages, m => m.Contains("uncaught exception"));
        // A stop during the wait still works.
        Assert.Null(await rig.Supervisor.InvokeAsync(() => rig.Supervisor.Groups[0].Processes[0].Stop()));
        Assert.Equal(ProcessState.Stopped, await rig.State("a"));
    }

    [Fact]
    public async Task An_exponential_delay_longer_than_a_system_timer_can_wait_is_armed_in_steps()
    {
        // backoff_max=1e9 (about 31 years): after 23 doublings the delay passes the 49.7 days a timer can wait.
        var policy = new RestartPolicy { Kind = BackoffKind.Exponential, InitialSeconds = 1e7, MaxSeconds = 1e9 };
        await using var rig = new Rig(Rig.Single(QuickExit(policy)));
        await rig.Sync();
        await rig.ExitCode("a", 0);
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Backoff, info.State);
        Assert.Equal(1e7, info.BackoffDelay);
        Assert.DoesNotContain(rig.Log.Messages, m => m.Contains("uncaught exception"));
        await rig.AdvanceUntil(() => Task.FromResult(rig.Spawner.Count == 2));
        Assert.Equal(TimeSpan.FromSeconds(1e7), rig.Elapsed);
    }
}
