using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// supernetd as the child of an init that is PID 1: tini in the image (`tini -- supernetd -n`, also with `-g` and a
/// terminal) and podman's own `--init` (catatonit). The init forwards the runtime's signals; supernetd, not PID 1,
/// is a subreaper for what its programs leave behind, and the init reaps what `podman exec` leaves.
/// </summary>
[Collection(PodmanCollection.Name)]
public class UnderAnInitTests(Images images)
{
    private static readonly string[] Config = ["-c", "/etc/supervisor/supervisord.conf"];

    public static TheoryData<string, string[]> Inits => new()
    {
        { "tini", ["--entrypoint", """["/usr/bin/tini", "--", "/usr/bin/supernetd", "-n"]"""] },
        // -g: tini signals supernetd's process group; each program has a group of its own, so it is still supernetd alone.
        { "tini", ["--entrypoint", """["/usr/bin/tini", "-g", "--", "/usr/bin/supernetd", "-n"]"""] },
        // -t: the terminal's foreground group is supernetd's (tini hands it over); the programs' are in the background.
        { "tini", ["-t", "--entrypoint", """["/usr/bin/tini", "--", "/usr/bin/supernetd", "-n"]"""] },
        { "podman-init", ["--init"] },
    };

    [Theory]
    [MemberData(nameof(Inits))]
    public void OrphansAreReapedWithNoZombieAndPodmanStopStopsEveryProgramInOrderWithExitZero(string init, string[] options)
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("forker", "orphans 3 1000", "autorestart=false\nstartsecs=0"),
            Programs.ToContainerOutput("first", "signals", "priority=10"),
            Programs.ToContainerOutput("second", "signals", "priority=20"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD, options, Config);
        container.WaitForState("forker", "EXITED");
        container.WaitForState("first", "RUNNING");
        container.WaitForState("second", "RUNNING");

        // Not PID 1: supernetd is the init's child, and keeps no sentinel child (that is PID 1's way to wait, ADR 0009).
        var daemon = container.Exec("supervisorctl", "pid").Stdout.Trim();
        var processes = container.Processes();
        Assert.Contains($"1 0 {init}", processes);
        Assert.Contains($"{daemon} 1 supernetd", processes);
        Assert.Single(processes, p => p.EndsWith(" supernetd", StringComparison.Ordinal));

        // A program's orphans come to supernetd, the subreaper, which reaps and logs them.
        string line = "";
        Wait.Until(() => (line = container.Logs().Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("orphans ", StringComparison.Ordinal)) ?? "") != "",
            "the program to list its orphans");
        var orphans = line.TrimEnd('\r').Split(' ')[1..];
        Assert.Equal(3, orphans.Length);
        foreach (var pid in orphans)
            Assert.Contains($"{pid} {daemon} sleep", container.Processes());
        Assert.Equal(0, container.Exec(["/bin/sh", "-c", "kill " + string.Join(' ', orphans)]).ExitCode);
        Wait.Until(() => orphans.All(pid => container.Logs().Stdout.Contains($"reaped unknown pid {pid} (terminated by SIGTERM)", StringComparison.Ordinal)),
            "supernetd to reap the killed orphans");

        // What `podman exec` leaves running is no descendant of supernetd's: it comes to the init, which reaps it.
        var leftover = container.Exec("/bin/sh", "-c", "/bin/sleep 0.2 & echo $!").Stdout.Trim();
        Assert.Matches(@"^\d+$", leftover);
        Wait.Until(() => container.Exec("/bin/sh", "-c", $"test -e /proc/{leftover} || echo reaped").Stdout == "reaped\n",
            $"the init to reap {leftover}");
        Assert.DoesNotContain($"reaped unknown pid {leftover} ", container.Logs().Stdout, StringComparison.Ordinal);
        Wait.Until(() => container.Exec("/bin/sh", "-c", ContainerProcesses.ZombieScript).Stdout == "end\n", "no zombie left in the container");

        Podman.Check("stop", "-t", "60", container.Name);

        Assert.Equal(("exited", 0), container.State());
        var log = container.Logs().Stdout;
        int second = log.IndexOf("stopped: second (exit status 0)", StringComparison.Ordinal);
        int first = log.IndexOf("stopped: first (exit status 0)", StringComparison.Ordinal);
        Assert.True(second >= 0 && second < first, "highest priority number stops first:\n" + log);
        Assert.Equal(2, log.Split("got SIGTERM").Length - 1);
    }

    [Theory]
    [InlineData("tini", new[] { "--entrypoint", """["/usr/bin/tini", "--", "/usr/bin/supernetd", "-n"]""" })]
    [InlineData("podman-init", new[] { "--init" })]
    public void ACriticalProgramsExitStatusIsStillTheContainers(string init, string[] options)
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("sleeper", "sleep 1000", "priority=1"),
            Programs.ToContainerOutput("job", "exit 3", "autorestart=false\nstartsecs=0\ncritical=true"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD, options, Config);

        Wait.Until(() => container.State().Status == "exited", $"the container under {init} to exit after its critical program",
            TimeSpan.FromSeconds(120));

        Assert.Equal(("exited", 3), container.State());
        Assert.Contains("stopped: sleeper (terminated by SIGTERM)", container.Logs().Output, StringComparison.Ordinal);
    }
}
