using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

public sealed class StartingTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    [Fact]
    public async Task Autostart_spawns_groups_back_to_back_in_priority_then_name_order_each_in_its_own_order()
    {
        await using var rig = new Rig(
            Rig.Group("web", 20, Rig.Program("web_b", priority: 5), Rig.Program("web_a", priority: 5), Rig.Program("web_c", priority: 1)),
            Rig.Single(Rig.Program("zeta", priority: 10)),
            Rig.Single(Rig.Program("alpha", priority: 10)),
            Rig.Single(Rig.Program("off") with { AutoStart = false }));
        await rig.Sync();

        // Inside a group supervisord walks its own (config) order, whatever the process priorities.
        Assert.Equal(
            ["spawned: 'alpha' with pid 100", "spawned: 'zeta' with pid 101", "spawned: 'web_b' with pid 102",
             "spawned: 'web_a' with pid 103", "spawned: 'web_c' with pid 104"],
            rig.Log.Messages.Where(m => m.StartsWith("spawned", StringComparison.Ordinal)));
        Assert.All(rig.Spawner.Times, t => Assert.Equal(TimeSpan.Zero, t));
        Assert.Equal(ProcessState.Stopped, await rig.State("off"));
        Assert.Equal(ProcessState.Starting, await rig.State("web:web_a"));
    }

    [Fact]
    public async Task Running_needs_strictly_more_than_startsecs()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 2 }));
        await rig.AdvanceTo(TimeSpan.FromSeconds(2));
        Assert.Equal(ProcessState.Starting, await rig.State("a"));

        await rig.AdvanceTo(TimeSpan.FromSeconds(2) + Ms);
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        Assert.Contains((LogLevel.Info, "success: a entered RUNNING state, process has stayed up for > than 2 seconds (startsecs)"), rig.Log.Lines);
    }

    [Fact]
    public async Task Startsecs_zero_is_running_at_once()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0 }));
        await rig.Sync();
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        Assert.Equal(
            ["INFO spawned: 'a' with pid 100", "INFO success: a entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)"],
            rig.Log.Matching("spawned", "success"));
    }

    [Fact]
    public async Task Quick_exits_retry_at_t_1_3_6_then_fatal()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartRetries = 3 }));
        await rig.FailUntilFatal("a");

        Assert.Equal([0.0, 1, 3, 6], rig.Spawner.Times.Select(t => t.TotalSeconds));
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Fatal, info.State);
        Assert.Equal("Exited too quickly (process log may have details)", info.SpawnErr);
        Assert.Equal("Exited too quickly (process log may have details)", info.Description);
        Assert.Equal(0, info.ExitStatus);
        Assert.Contains((LogLevel.Info, "gave up: a entered FATAL state, too many start retries too quickly"), rig.Log.Lines);
        Assert.Equal(4, rig.Log.Lines.Count(l => l == (LogLevel.Warn, "exited: a (exit status 0; not expected)")));
        Assert.Equal(
            ["a:STOPPED->STARTING pid=0 tries=0 expected=True", "a:STARTING->BACKOFF pid=100 tries=1 expected=True",
             "a:BACKOFF->STARTING pid=0 tries=1 expected=True", "a:STARTING->BACKOFF pid=101 tries=2 expected=True",
             "a:BACKOFF->STARTING pid=0 tries=2 expected=True", "a:STARTING->BACKOFF pid=102 tries=3 expected=True",
             "a:BACKOFF->STARTING pid=0 tries=3 expected=True", "a:STARTING->BACKOFF pid=103 tries=4 expected=True",
             "a:BACKOFF->FATAL pid=0 tries=0 expected=True"],
            rig.Events.Seen.Where(e => e.StartsWith("a:", StringComparison.Ordinal)));
        Assert.Null(await rig.ArmedDeadline());
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(5, 6)]
    public async Task Startretries_gives_that_many_retries(int retries, int attempts)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartRetries = retries }));
        await rig.FailUntilFatal("a", 1);
        Assert.Equal(attempts, rig.Spawner.Count);
    }

    [Fact]
    public async Task Exit_after_startsecs_but_before_the_running_check_is_running_then_exited()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { AutoRestart = AutoRestart.False }));
        await rig.Sync();
        rig.Time.Advance(TimeSpan.FromSeconds(1));
        await rig.ExitCode("a", 0);
        Assert.Equal(
            ["a:STOPPED->STARTING pid=0 tries=0 expected=True", "a:STARTING->RUNNING pid=100 tries=0 expected=True",
             "a:RUNNING->EXITED pid=100 tries=0 expected=True"],
            rig.Events.Seen.Where(e => e.StartsWith("a:", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("/nonexistent/thing", "can't find command '/nonexistent/thing'")]
    [InlineData("nosuchprogram-xyz", "can't find command 'nosuchprogram-xyz'")]
    [InlineData("/tmp", "command at '/tmp' is a directory")]
    [InlineData("{plain}", "command at '{plain}' is not executable")]
    [InlineData("{denied}", "no permission to run command '{denied}'")]
    [InlineData("\"unterminated", "can't parse command '\"unterminated': No closing quotation")]
    [InlineData("", "command is empty")]
    public async Task Parent_side_spawn_failures_go_to_backoff_with_spawnerr(string command, string spawnerr)
    {
        using var files = new TempDir();
        var plain = files.Create("plain", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var denied = files.Create("denied", UnixFileMode.UserRead | UnixFileMode.UserExecute);
        command = command.Replace("{plain}", plain, StringComparison.Ordinal).Replace("{denied}", denied, StringComparison.Ordinal);
        spawnerr = spawnerr.Replace("{plain}", plain, StringComparison.Ordinal).Replace("{denied}", denied, StringComparison.Ordinal);
        await using var rig = new Rig(Rig.Single(Rig.Program("a", command)));
        rig.Probe.Denied.Add(denied);
        await rig.Sync();
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Backoff, info.State);
        Assert.Equal(spawnerr, info.SpawnErr);
        Assert.Equal(spawnerr, info.Description);
        Assert.Equal(0, rig.Spawner.Count);
        Assert.Contains((LogLevel.Info, "spawnerr: " + spawnerr), rig.Log.Lines);

        await rig.AdvanceTo(TimeSpan.FromSeconds(7));
        Assert.Equal(ProcessState.Fatal, await rig.State("a"));
        Assert.Equal(4, rig.Log.Lines.Count(l => l.Message == "spawnerr: " + spawnerr));
    }

    [Theory]
    [InlineData(Errno.EAGAIN, null, "Too many processes in process table to spawn 'a'")]
    [InlineData(Errno.EMFILE, null, "too many open files to spawn 'a'")]
    [InlineData(Errno.ENOMEM, null, "unknown error during fork for 'a': ENOMEM")]
    [InlineData(Errno.EMFILE, "unknown error making dispatchers for 'a': EMFILE", "unknown error making dispatchers for 'a': EMFILE")]
    public async Task Spawner_failures_become_spawnerr(int errno, string? error, string spawnerr)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a")));
        rig.Spawner.Rule = _ => new SpawnResult(0, null, errno, error);
        await rig.Sync();
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Backoff, info.State);
        Assert.Equal(spawnerr, info.SpawnErr);
    }

    [Fact]
    public async Task Spawn_request_carries_resolved_path_argv_environment_and_options()
    {
        var program = Rig.Program("a", "sleep 5") with
        {
            Directory = "/srv",
            Umask = 0x12,
            RedirectStderr = true,
            Environment = [new("PATH", "/nowhere:/bin"), new("X", "1")],
        };
        await using var rig = new Rig(Rig.Group("g", 1, program));
        await rig.Sync();
        var request = Assert.Single(rig.Spawner.Requests);
        Assert.Equal("/bin/sleep", request.Path);
        Assert.Equal(["sleep", "5"], request.Argv);
        Assert.Equal("/srv", request.Directory);
        Assert.Equal(0x12, request.Umask);
        Assert.True(request.RedirectStderr);
        Assert.Contains("SUPERVISOR_PROCESS_NAME=a", request.Environment);
        Assert.Contains("SUPERVISOR_GROUP_NAME=g", request.Environment);
        Assert.Contains("PATH=/nowhere:/bin", request.Environment);
        Assert.Contains("HOME=/root", request.Environment);
    }

    [Fact]
    public async Task Child_pipes_go_to_the_pump_with_log_sinks()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a")), Rig.Single(Rig.Program("b") with { RedirectStderr = true }));
        var temp = Path.GetTempFileName();
        try
        {
            rig.Spawner.Pipes = () => new ChildPipes(
                File.OpenHandle(temp, FileMode.Open, FileAccess.Write), File.OpenHandle(temp), null);
            await rig.Sync();
            Assert.Equal(2, rig.Pump.Added.Count);
            Assert.Equal(["a:a", "b:b"], rig.ChildLogs.Created);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    [Fact]
    public async Task Orphans_are_reaped_and_logged()
    {
        await using var rig = new Rig();
        await rig.Exit(4242, WaitStatus.FromSignal(Signals.TERM));
        await rig.Exit(4243, WaitStatus.FromExitCode(3));
        Assert.Equal(
            ["INFO reaped unknown pid 4242 (terminated by SIGTERM)", "INFO reaped unknown pid 4243 (exit status 3)"],
            rig.Log.Matching("reaped"));
    }

    [Fact]
    public async Task An_idle_supervisor_has_no_pending_timer()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a")), Rig.Single(Rig.Program("b") with { AutoRestart = AutoRestart.False }));
        await rig.Sync();
        Assert.Equal(TimeSpan.FromSeconds(1) + Ms, await rig.ArmedDeadline());
        await rig.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ProcessState.Running, await rig.State("a"));
        Assert.Null(await rig.ArmedDeadline());
        await rig.ExitCode("b", 0);
        Assert.Equal(ProcessState.Exited, await rig.State("b"));
        Assert.Null(await rig.ArmedDeadline());
    }

    [Fact]
    public async Task A_throwing_spawner_is_a_fork_failure()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a")));
        rig.Spawner.Rule = _ => throw new InvalidOperationException("boom");
        await rig.Sync();
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Backoff, info.State);
        Assert.Equal("unknown error during fork for 'a': boom", info.SpawnErr);
    }

    [Fact]
    public async Task A_throwing_event_sink_is_logged_and_the_loop_carries_on()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { AutoStart = false }));
        rig.Events.Throw = true;
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StartProcessAsync("a", wait: false));
        Assert.Contains(rig.Log.Lines, l => l.Level == LogLevel.Critical && l.Message.Contains("sink broke", StringComparison.Ordinal));
        rig.Events.Throw = false;
        await rig.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(ProcessState.Running, await rig.State("a"));
    }
}
