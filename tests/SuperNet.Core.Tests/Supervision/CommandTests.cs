using System.IO.Pipes;
using SuperNet.Core.Config;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;
using SuperNet.Core.Supervision;

namespace SuperNet.Core.Tests.Supervision;

public sealed class CommandTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    private static ProcessConfig Manual(string name, string command = "/bin/sleep 100", int priority = 999) =>
        Rig.Program(name, command, priority) with { AutoStart = false };

    [Fact]
    public async Task Start_with_wait_completes_once_running()
    {
        await using var rig = new Rig(Rig.Single(Manual("a")));
        await rig.Sync();
        var start = rig.Supervisor.StartProcessAsync("a");
        await rig.Advance(TimeSpan.FromSeconds(1));
        Assert.False(start.IsCompleted);
        await rig.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(Outcome.Ok, await start.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Start_without_wait_returns_at_once()
    {
        await using var rig = new Rig(Rig.Single(Manual("a")));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StartProcessAsync("a", wait: false).WaitAsync(Deadline));
        Assert.Equal(ProcessState.Starting, await rig.State("a"));
    }

    [Fact]
    public async Task Start_that_exits_too_quickly_is_a_spawn_error()
    {
        await using var rig = new Rig(Rig.Single(Manual("a")));
        var start = rig.Supervisor.StartProcessAsync("a");
        await rig.Sync();
        await rig.ExitCode("a", 0);
        Assert.Equal(Outcome.Of(Fault.SpawnError, "a"), await start.WaitAsync(Deadline));
    }

    [Fact]
    public async Task Start_checks_the_command_before_the_state()
    {
        using var files = new TempDir();
        var tool = files.Create("tool", UnixFileMode.UserRead | UnixFileMode.UserExecute);
        await using var rig = new Rig(Rig.Single(Rig.Program("a", tool)), Rig.Single(Manual("b", "/tmp")));
        await rig.Sync();
        Assert.Equal(Outcome.Of(Fault.AlreadyStarted, "a"), await rig.Supervisor.StartProcessAsync("a"));
        File.Delete(tool);
        Assert.Equal(Outcome.Of(Fault.NoFile, $"can't find command '{tool}'"), await rig.Supervisor.StartProcessAsync("a"));
        Assert.Equal(Outcome.Of(Fault.NotExecutable, "command at '/tmp' is a directory"), await rig.Supervisor.StartProcessAsync("b"));
        Assert.Equal(1, rig.Spawner.Count);
    }

    [Fact]
    public async Task Start_is_already_started_in_starting_running_and_backoff()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a")));
        await rig.Sync();
        Assert.Equal(Outcome.Of(Fault.AlreadyStarted, "a"), await rig.Supervisor.StartProcessAsync("a"));
        await rig.ExitCode("a", 1);
        Assert.Equal(ProcessState.Backoff, await rig.State("a"));
        Assert.Equal(Outcome.Of(Fault.AlreadyStarted, "a"), await rig.Supervisor.StartProcessAsync("a"));
    }

    [Theory]
    [InlineData(true, Fault.AbnormalTermination)]
    [InlineData(false, Fault.Success)]
    public async Task Start_while_stopping_spawns_nothing(bool wait, Fault fault)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0 }));
        await rig.Sync();
        await rig.Supervisor.StopProcessAsync("a", wait: false);
        var outcome = await rig.Supervisor.StartProcessAsync("a", wait);
        Assert.Equal(fault, outcome.Code);
        Assert.Equal(1, rig.Spawner.Count);
        Assert.Contains((LogLevel.Warn, "process 'a' already running"), rig.Log.Lines);
    }

    [Fact]
    public async Task Start_again_from_exited_and_fatal()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StartSecs = 0, AutoRestart = AutoRestart.False, StartRetries = 0 }));
        await rig.Sync();
        await rig.ExitCode("a", 0);
        Assert.Equal(ProcessState.Exited, await rig.State("a"));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.StartProcessAsync("a"));
        Assert.Equal(ProcessState.Running, await rig.State("a"));
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("web")]
    [InlineData("web:*")]
    [InlineData("web:web_09")]
    public async Task Unknown_names_are_bad_name(string namespec)
    {
        await using var rig = new Rig(Rig.Group("web", 1, Manual("web_00"), Manual("web_01")));
        Assert.Equal(Outcome.Of(Fault.BadName, namespec), await rig.Supervisor.StartProcessAsync(namespec));
        Assert.Equal(Outcome.Of(Fault.BadName, namespec), await rig.Supervisor.StopProcessAsync(namespec));
        Assert.Equal(Outcome.Of(Fault.BadName, namespec), await rig.Supervisor.SignalProcessAsync(namespec, "HUP"));
    }

    [Fact]
    public async Task Stop_of_a_process_that_is_not_running()
    {
        await using var rig = new Rig(Rig.Single(Manual("a")), Rig.Single(Rig.Program("b") with { StartSecs = 0 }));
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), await rig.Supervisor.StopProcessAsync("a"));
        await rig.Supervisor.StopProcessAsync("b", wait: false);
        Assert.Equal(Outcome.Of(Fault.NotRunning, "b"), await rig.Supervisor.StopProcessAsync("b"));
    }

    [Theory]
    [InlineData("HUP", Signals.HUP)]
    [InlineData("sigusr1", Signals.USR1)]
    [InlineData("9", Signals.KILL)]
    [InlineData("0", 0)]
    public async Task Signal_goes_to_the_pid_only(string signal, int number)
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a") with { StopAsGroup = true, KillAsGroup = true }));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.SignalProcessAsync("a", signal));
        Assert.Equal([new SentSignal(100, number, false)], rig.Signaller.Sent);
        Assert.Contains((LogLevel.Debug, $"sending a (pid 100) sig {Signals.Name(number)}"), rig.Log.Lines);
    }

    [Theory]
    [InlineData("BOGUS")]
    [InlineData("40")]
    [InlineData("-1")]
    public async Task Bad_signals_are_rejected_before_the_state_check(string signal)
    {
        await using var rig = new Rig(Rig.Single(Manual("a")));
        Assert.Equal(Outcome.Of(Fault.BadSignal, signal), await rig.Supervisor.SignalProcessAsync("a", signal));
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), await rig.Supervisor.SignalProcessAsync("a", "HUP"));
    }

    [Fact]
    public async Task Add_and_remove_groups()
    {
        await using var rig = new Rig(Rig.Group("first", 5, Manual("f")), Rig.Group("later", 10, Manual("l")));
        await rig.Sync();
        var added = Rig.Group("extra", 5, Rig.Program("e") with { StartSecs = 0 });
        Assert.Equal(Outcome.Ok, await rig.Supervisor.AddGroupAsync(added));
        Assert.Equal(Outcome.Of(Fault.AlreadyAdded, "extra"), await rig.Supervisor.AddGroupAsync(added));
        Assert.Equal(["first", "extra", "later"], await rig.Supervisor.InvokeAsync(() => rig.Supervisor.Groups.Select(g => g.Name).ToList()));
        Assert.Equal(ProcessState.Running, await rig.State("extra:e"));
        Assert.Contains("added extra", rig.Events.Seen);

        Assert.Equal(Outcome.Of(Fault.StillRunning, "extra"), await rig.Supervisor.RemoveGroupAsync("extra"));
        await rig.Supervisor.StopProcessAsync("extra:e", wait: false);
        Assert.Equal(Outcome.Of(Fault.StillRunning, "extra"), await rig.Supervisor.RemoveGroupAsync("extra"));
        await rig.Exit(100, WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.RemoveGroupAsync("extra"));
        Assert.Equal(Outcome.Of(Fault.BadName, "extra"), await rig.Supervisor.RemoveGroupAsync("extra"));
        Assert.Contains("removed extra", rig.Events.Seen);
    }

    [Fact]
    public async Task Stdin_is_written_to_the_pipe_and_needs_a_live_process()
    {
        // A real pipe, as the spawner hands over: the writer must cope with an unseekable handle.
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In);
        using var files = new TempDir();
        var stdout = files.Create("stdout", UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var rig = new Rig(Rig.Single(Rig.Program("a")), Rig.Single(Manual("b")));
        var stdin = PipeEnds.Take(pipe);
        rig.Spawner.Pipes = () => new ChildPipes(stdin, File.OpenHandle(stdout), null);
        await rig.Sync();
        Assert.Equal(Outcome.Ok, await rig.Supervisor.SendStdinAsync("a", "hello "u8.ToArray()));
        Assert.Equal(Outcome.Ok, await rig.Supervisor.SendStdinAsync("a", "world"u8.ToArray()));
        Assert.Equal(Outcome.Of(Fault.NotRunning, "b"), await rig.Supervisor.SendStdinAsync("b", [1]));
        var received = new byte["hello world".Length];
        await pipe.ReadExactlyAsync(received).AsTask().WaitAsync(Deadline);
        Assert.Equal("hello world", System.Text.Encoding.ASCII.GetString(received));
        await rig.ExitCode("a", 0);
        Assert.Equal(Outcome.Of(Fault.NotRunning, "a"), await rig.Supervisor.SendStdinAsync("a", [1]));
    }

    private static async Task WaitFor(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "condition not met in time");
            await Task.Delay(10);
        }
    }

    [Fact]
    public async Task Process_info_snapshot_at_fixed_times()
    {
        await using var rig = new Rig(
            Rig.Group("web", 1, Rig.Program("web_1") with { StartSecs = 0 }, Rig.Program("web_0", "/nonexistent/x")),
            Rig.Single(Manual("idle")));
        await rig.AdvanceTo(TimeSpan.FromSeconds(3725));
        var all = await rig.Supervisor.GetAllProcessInfoAsync(rig.Time);
        Assert.Equal(["idle", "web_0", "web_1"], all.Select(i => i.Name));

        var running = all[2];
        Assert.Equal("pid 100, uptime 1:02:05", running.Description);
        Assert.Equal(Rig.T0.ToUnixTimeSeconds(), running.Start);
        Assert.Equal(Rig.T0.ToUnixTimeSeconds() + 3725, running.Now);
        Assert.Equal(0, running.Stop);
        Assert.Equal("RUNNING", running.StateName);
        Assert.Equal("/logs/web_1-stdout.log", running.StdoutLogfile);
        Assert.Equal("/logs/web_1-stderr.log", running.StderrLogfile);
        Assert.Equal("Not started", all[0].Description);
        Assert.Equal("FATAL", all[1].StateName);
        Assert.Equal("can't find command '/nonexistent/x'", all[1].Description);

        await rig.Advance(TimeSpan.FromDays(1));
        Assert.Equal("pid 100, uptime 1 day, 1:02:05", (await rig.Info("web:web_1")).Description);
        await rig.Supervisor.StopProcessAsync("web:web_1", wait: false);
        Assert.Equal("", (await rig.Info("web:web_1")).Description);
        rig.Time.Advance(TimeSpan.FromHours(12));
        await rig.ExitWith("web:web_1", WaitStatus.FromSignal(Signals.TERM));
        Assert.Equal("Nov 28 08:11 PM", (await rig.Info("web:web_1")).Description);
    }

    [Fact]
    public async Task A_process_started_but_never_exited_shows_the_epoch_when_stopped()
    {
        await using var rig = new Rig(Rig.Single(Rig.Program("a", "/nonexistent/x")));
        await rig.Sync();
        await rig.Supervisor.StopProcessAsync("a");
        var info = await rig.Info("a");
        Assert.Equal(ProcessState.Stopped, info.State);
        Assert.Equal("Jan 01 12:00 AM", info.Description);
    }
}
