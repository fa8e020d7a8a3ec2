using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// Inside a group supervisord keeps the group's own order (programs= order; one section's numprocs processes
/// sorted by name, so w_10 before w_8) and sorts by priority only where it sorts explicitly, with a stable sort
/// (issue 13). zeta is listed before alpha so that a sort by name would differ; mid has a lower priority.
/// </summary>
public sealed class GroupOrderTests
{
    private const string Config = """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        loglevel=debug
        silent=true

        [unix_http_server]
        file={DIR}/sv.sock

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        [supervisorctl]
        serverurl=unix://{DIR}/sv.sock

        [program:w]
        command={HELPER} signals
        process_name=w_%(process_num)d
        numprocs=3
        numprocs_start=8
        startsecs=0

        [program:zeta]
        command={HELPER} ignore-term
        startsecs=0
        stopwaitsecs=2

        [program:alpha]
        command={HELPER} ignore-term
        startsecs=0
        stopwaitsecs=2

        [program:mid]
        command={HELPER} signals
        startsecs=0
        priority=1

        [group:g]
        programs=zeta,alpha,mid
        """;

    private static List<string> Messages(SupervisorRun run, string prefix) =>
        run.Log().Where(l => l.Message.StartsWith(prefix, StringComparison.Ordinal)).Select(Normalize.Line).ToList();

    private static List<string> TermLines(SupervisorRun run) =>
        Messages(run, "killing ").Where(l => l.EndsWith("with signal SIGTERM", StringComparison.Ordinal)).ToList();

    [Fact]
    public void SpawnSignalAndShutdownFollowTheGroupsOwnOrderAsSupervisordDoes()
    {
        using var runs = new SideBySide(Config);
        runs.WaitForLog("success: w_9 ");
        Assert.Equal(
            [
                "INFO spawned: 'zeta' with pid N",
                "INFO spawned: 'alpha' with pid N",
                "INFO spawned: 'mid' with pid N",
                "INFO spawned: 'w_10' with pid N",
                "INFO spawned: 'w_8' with pid N",
                "INFO spawned: 'w_9' with pid N",
            ],
            Messages(runs.Ours, "spawned: "));
        Assert.Equal(Messages(runs.Oracle, "spawned: "), Messages(runs.Ours, "spawned: "));

        // signalProcessGroup and signalAllProcesses sort by priority; equal priorities keep the group's order.
        var group = runs.Oracle.Ctl("signal", "HUP", "g:*");
        Assert.Equal("g:mid: signalled\ng:zeta: signalled\ng:alpha: signalled\n", group.Output);
        Assert.Equal(group, runs.Ours.Ctl("signal", "HUP", "g:*"));
        var all = runs.Oracle.Ctl("signal", "USR1", "all");
        Assert.Equal(
            "g:mid: signalled\ng:zeta: signalled\ng:alpha: signalled\nw:w_10: signalled\nw:w_8: signalled\nw:w_9: signalled\n",
            all.Output);
        Assert.Equal(all, runs.Ours.Ctl("signal", "USR1", "all"));

        Assert.Equal((0, 0), runs.Shutdown());
        // The report lists groups in order, each in its own order; stop_all reverses a stable priority sort.
        Assert.Equal("INFO waiting for zeta, alpha, mid, w_10, w_8, w_9 to die", Messages(runs.Oracle, "waiting for ")[0]);
        Assert.Equal(Messages(runs.Oracle, "waiting for ")[0], Messages(runs.Ours, "waiting for ")[0]);
        // Only the SIGTERM lines: supervisord notices expired stopwaitsecs on its 1 s pass, all at once in group
        // order, while supernetd wakes at each deadline, so the SIGKILL lines may come in another order.
        var killing = TermLines(runs.Oracle);
        Assert.Equal(
            [
                "DEBG killing w_9 (pid N) with signal SIGTERM",
                "DEBG killing w_8 (pid N) with signal SIGTERM",
                "DEBG killing w_10 (pid N) with signal SIGTERM",
                "DEBG killing alpha (pid N) with signal SIGTERM",
                "DEBG killing zeta (pid N) with signal SIGTERM",
                "DEBG killing mid (pid N) with signal SIGTERM",
            ],
            killing);
        Assert.Equal(killing, TermLines(runs.Ours));
    }
}
