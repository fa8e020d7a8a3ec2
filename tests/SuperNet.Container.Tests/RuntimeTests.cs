using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>supernetd as the entrypoint of the shipped image, in a real container runtime (podman + runc).</summary>
[Collection(PodmanCollection.Name)]
public class RuntimeTests(Images images)
{
    [Fact]
    public void SupernetdIsPid1AndSupervisorctlWorksThroughExec()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("sleeper", "sleep 1000"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("sleeper", "RUNNING");

        var status = container.Exec("supervisorctl", "status");
        Assert.Equal(0, status.ExitCode);
        Assert.Matches(@"^sleeper +RUNNING +pid \d+, uptime ", status.Stdout);
        Assert.Equal("1\n", container.Exec("supervisorctl", "pid").Stdout);
        Assert.Matches(@"(?m)^1\s+supernetd\s*$", Podman.Check("top", container.Name, "pid", "comm").Stdout);
    }

    [Fact]
    public void PodmanLogsShowsTheProgramsOutput()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("talker", "echo-both to-stdout to-stderr", "autorestart=false\nstartsecs=0"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("talker", "EXITED");
        Wait.Until(() => container.Logs() is { } logs && logs.Stdout.Contains("to-stdout\n") && logs.Stderr.Contains("to-stderr\n"),
            "the program's two lines in podman logs, each on its own stream");
    }

    [Fact]
    public void PodmanStopStopsProgramsInPriorityOrderAndTheContainerExitsZero()
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("first", "signals", "priority=10"),
            Programs.ToContainerOutput("second", "signals", "priority=20"),
            Programs.ToContainerOutput("third", "signals", "priority=30"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        foreach (var program in new[] { "first", "second", "third" })
            container.WaitForState(program, "RUNNING");

        Podman.Check("stop", "-t", "60", container.Name);

        Assert.Equal(("exited", 0), container.State());
        var log = container.Logs().Stdout;
        int third = log.IndexOf("stopped: third (exit status 0)", StringComparison.Ordinal);
        int second = log.IndexOf("stopped: second (exit status 0)", StringComparison.Ordinal);
        int first = log.IndexOf("stopped: first (exit status 0)", StringComparison.Ordinal);
        Assert.True(third >= 0 && third < second && second < first, "highest priority number stops first:\n" + log);
        Assert.Equal(3, log.Split("got SIGTERM").Length - 1);
    }

    [Fact]
    public void PodmanKillWithSigkillEndsTheContainerAtOnce()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("stubborn", "ignore-term"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("stubborn", "RUNNING");

        Podman.Check("kill", "--signal", "KILL", container.Name);

        Wait.Until(() => container.State().Status == "exited", "the container to exit");
        Assert.Equal(("exited", 137), container.State());
    }

    [Fact]
    public void OrphansOfADoubleForkingProgramAreReapedByPid1()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("forker", "orphans 3 1000", "autorestart=false\nstartsecs=0"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("forker", "EXITED");
        string line = "";
        Wait.Until(() => (line = container.Logs().Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("orphans ", StringComparison.Ordinal)) ?? "") != "",
            "the program to list its orphans");
        var orphans = line.Split(' ')[1..];
        Assert.Equal(3, orphans.Length);

        // Their parent exited: the kernel hands them to PID 1, supernetd.
        foreach (var pid in orphans)
            Assert.Equal("1", Field(container.Exec("/bin/sh", "-c", $"read -r stat < /proc/{pid}/stat; echo \"$stat\"").Stdout, 3));

        // Once they die only PID 1 can reap them; a zombie would keep /proc/<pid>.
        Assert.Equal(0, container.Exec(["/bin/sh", "-c", "kill " + string.Join(' ', orphans)]).ExitCode);
        Wait.Until(() => container.Exec(["/bin/sh", "-c", string.Join(" || ", orphans.Select(p => $"test -e /proc/{p}")) + " || echo reaped"]).Stdout == "reaped\n",
            "the killed orphans to be reaped");
        Assert.Equal(("running", 0), container.State());
    }

    [Fact]
    public void SupervisordsNamesAnswerAsSupervisordAndSuperNetsNamesAddTheirRelease()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("sleeper", "sleep 1000"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("sleeper", "RUNNING");
        var ours = $"4.2.5 (SuperNet {Command.Check(Repository.Script("version.sh"), []).Stdout.Trim()})\n";

        // What supervisord 4.2.5 prints for `-v` and supervisorctl for `version`: scripts parse these.
        Assert.Equal("4.2.5\n", container.Exec("supervisord", "-v").Stdout);
        Assert.Equal("4.2.5\n", container.Exec("/usr/bin/supervisord", "--version").Stdout);
        Assert.Equal("4.2.5\n", container.Exec("supervisorctl", "version").Stdout);
        Assert.Equal(ours, container.Exec("supernetd", "--version").Stdout);
        Assert.Equal(ours, container.Exec("supernetctl", "version").Stdout);
        Assert.Contains("Usage: /usr/bin/supervisorctl [options]", container.Exec("supervisorctl", "-h").Stdout, StringComparison.Ordinal);
    }

    /// <summary>Field n (0-based) of a /proc/pid/stat line, counted after the parenthesised command name.</summary>
    private static string Field(string stat, int n) => stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[n - 2];
}
