using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class ControlSupervisord() : Supervisord();

// startsecs=10: a failed exec or a quick exit must be seen before startsecs even on a loaded machine, or
// either daemon may call the start a success.
public sealed class SpawnErrorSupervisord() : Supervisord(programs: """
    [program:quick]
    command=sh -c 'exit 3'
    autostart=false
    startsecs=10
    startretries=0

    [program:notexec]
    command=/etc/hostname
    autostart=false
    startsecs=10
    startretries=0

    [program:broken]
    command=/nonexistent/thing
    autostart=false

    """);

/// <summary>The start failures: no such file, not executable, spawn error (exit 7).</summary>
public sealed class SpawnErrorTests(SpawnErrorSupervisord server) : IClassFixture<SpawnErrorSupervisord>
{
    [Theory]
    [InlineData("start broken")]
    [InlineData("start notexec")]
    [InlineData("start quick")]
    [InlineData("start all")]
    public void Same_output_and_exit_status(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath], command, () => Clients.Ours(["-c", server.ConfigPath, "stop", "all"]), sortLines: true);
}

/// <summary>start, stop, restart, signal and clear of single processes, from the same starting state for both clients.</summary>
public sealed class ProcessControlTests(ControlSupervisord server) : IClassFixture<ControlSupervisord>
{
    private string[] Options => ["-c", server.ConfigPath];

    [Theory]
    [InlineData("start manual", "stop manual")]
    [InlineData("start manual", "start manual")]
    [InlineData("start manual sleeper nosuch", "stop manual")]
    [InlineData("stop manual", "start manual")]
    [InlineData("stop manual", "stop manual")]
    [InlineData("stop manual nosuch", "start manual")]
    [InlineData("restart manual", "start manual")]
    [InlineData("restart manual", "stop manual")]
    [InlineData("restart nosuch", "stop manual")]
    [InlineData("start broken", "stop broken")]
    public void Same_output_and_exit_status(string command, string given) =>
        Differential.AssertSame(Options, command, () => Baseline.Restore(server, given));

    [Fact]
    public void Status_exit_status_reflects_stopped_processes()
    {
        Baseline.Restore(server, "start manual");
        Differential.AssertSame(Options, "status manual sleeper");
        Baseline.Restore(server, "stop manual");
        Differential.AssertSame(Options, "status manual sleeper");
    }
}

public sealed class SignalSupervisord() : Supervisord();

/// <summary>signal and clear: SIGCONT leaves every program running, so no state needs restoring.</summary>
public sealed class SignalAndClearTests(SignalSupervisord server) : IClassFixture<SignalSupervisord>
{
    [Theory]
    [InlineData("signal CONT sleeper")]
    [InlineData("signal cont sleeper manual")]
    [InlineData("signal SIGCONT grp:a")]
    [InlineData("signal 18 sleeper")]
    [InlineData("clear echoer")]
    [InlineData("clear echoer nosuch manual")]
    public void Same_output_and_exit_status(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath], command);

    [Theory]
    [InlineData("signal CONT web:*")]
    [InlineData("signal CONT all")]
    [InlineData("clear all")]
    public void Group_and_all_operations_give_the_same_results(string command) =>
        Differential.AssertSame(["-c", server.ConfigPath], command, sortLines: true);
}

public sealed class GroupSupervisord() : Supervisord();

/// <summary>Group operations; results come in completion order, so lines are compared sorted.</summary>
public sealed class GroupOperationTests(GroupSupervisord server) : IClassFixture<GroupSupervisord>
{
    [Theory]
    [InlineData("start grp:*", "stop grp:*")]
    [InlineData("start grp:", "stop grp:*")]
    [InlineData("stop grp:*", "start grp:*")]
    [InlineData("restart grp:*", "start grp:a")]
    [InlineData("start nog:* grp:*", "stop grp:*")]
    public void Same_results(string command, string given) =>
        Differential.AssertSame(["-c", server.ConfigPath], command, () => Baseline.Restore(server, given), sortLines: true);
}

public sealed class AllSupervisord() : Supervisord();

/// <summary>`all` operations (each its own server wait, so they run beside the group cases).</summary>
public sealed class AllOperationTests(AllSupervisord server) : IClassFixture<AllSupervisord>
{
    [Theory]
    [InlineData("start all", "stop web:*")]
    [InlineData("restart all", "start sleeper")]
    public void Same_results(string command, string given) =>
        Differential.AssertSame(["-c", server.ConfigPath], command, () => Baseline.Restore(server, given), sortLines: true);
}

public sealed class StopAllSupervisord() : Supervisord();

public sealed class StopAllOperationTests(StopAllSupervisord server) : IClassFixture<StopAllSupervisord>
{
    [Theory]
    [InlineData("stop all", "start web:*")]
    [InlineData("stop web:* manual", "start web:*")]
    public void Same_results(string command, string given) =>
        Differential.AssertSame(["-c", server.ConfigPath], command, () => Baseline.Restore(server, given), sortLines: true);
}

internal static class Baseline
{
    /// <summary>Brings the fixture back to its starting state, then applies the case's own step.</summary>
    public static void Restore(Supervisord server, string given)
    {
        Run(server, "stop manual grp:b broken");
        Run(server, "start sleeper echoer web:* grp:a cat");
        Run(server, given);
    }

    private static void Run(Supervisord server, string command) =>
        Clients.Ours(["-c", server.ConfigPath, .. command.Split(' ')]);
}
