using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// What docs/containers.md promises, under a real Docker engine instead of podman: the same image, the same
/// recipe, Docker's own stop, kill, exec and log plumbing (dockerd + containerd-shim + runc).
/// </summary>
[Collection(DockerCollection.Name)]
public class DockerRuntimeTests(DockerEngine docker)
{
    [Fact]
    public void SupernetdIsPid1AndDockerStopStopsProgramsInPriorityOrderWithExitZero()
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("first", "signals", "priority=10"),
            Programs.ToContainerOutput("second", "signals", "priority=20"),
            Programs.ToContainerOutput("third", "signals", "priority=30"));
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD);
        foreach (var program in new[] { "first", "second", "third" })
            container.WaitForState(program, "RUNNING");
        Assert.Equal("1\n", container.Exec("supervisorctl", "pid").Stdout);
        Assert.Contains("1 0 supernetd", container.Processes());

        docker.Check("stop", "-t", "60", container.Name);

        Assert.Equal(("exited", 0), container.State());
        var log = container.Logs().Stdout;
        int third = log.IndexOf("stopped: third (exit status 0)", StringComparison.Ordinal);
        int second = log.IndexOf("stopped: second (exit status 0)", StringComparison.Ordinal);
        int first = log.IndexOf("stopped: first (exit status 0)", StringComparison.Ordinal);
        Assert.True(third >= 0 && third < second && second < first, "highest priority number stops first:\n" + log);
        Assert.Equal(3, log.Split("got SIGTERM").Length - 1);
    }

    [Fact]
    public void DockerStopShorterThanStopwaitsecsEndsWithTheRuntimesSigkill137()
    {
        // stopwaitsecs (10 s by default) outlasts `docker stop -t 1`: Docker SIGKILLs PID 1 first, which is what
        // the documented 137 means.
        using var confD = Programs.ConfD(Programs.ToContainerOutput("stubborn", "ignore-term"));
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD);
        container.WaitForState("stubborn", "RUNNING");

        docker.Check("stop", "-t", "1", container.Name);

        Assert.Equal(("exited", 137), container.State());
        var log = container.Logs().Stdout;
        Assert.Contains("waiting for stubborn to die", log, StringComparison.Ordinal);
        Assert.DoesNotContain("stopped: stubborn", log, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerKillHupRestartsTheProgramsAndTheContainerKeepsRunning()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("sleeper", "sleep 1000"));
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD);
        container.WaitForState("sleeper", "RUNNING");
        var before = container.Pid("sleeper");

        docker.Check("kill", "--signal", "HUP", container.Name);

        Wait.Until(() => container.Pid("sleeper") is { Length: > 0 } now && now != before, "sleeper restarted under a new pid");
        Assert.Contains("received SIGHUP indicating restart request", container.Logs().Stdout, StringComparison.Ordinal);
        Assert.Equal(("running", 0), container.State());
    }

    [Fact]
    public void TheEnginesContainersRunInItsOwnContainerd()
    {
        // Not in a containerd the machine may run on /run/containerd/containerd.sock, which dockerd would use by default.
        using var confD = Programs.ConfD(Programs.ToContainerOutput("idle", "sleep 1000", "autostart=false"));
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD);
        container.WaitForState("idle", "STOPPED");

        var listed = Command.Check("ctr", ["--address", docker.Containerd, "--namespace", "moby", "containers", "list", "--quiet"]).Stdout;
        Assert.Contains(container.Inspect("{{.Id}}"), listed.Split('\n'));
    }

    [Fact]
    public void AnOrphanLeftByDockerExecIsReapedWhileNoProgramRuns()
    {
        using var confD = Programs.ConfD(Programs.ToContainerOutput("idle", "sleep 1000", "autostart=false"));
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD);
        container.WaitForState("idle", "STOPPED");

        // The exec'd shell's parent (runc, then the shim) is outside the container: its background child goes to PID 1.
        var pid = container.Exec("/bin/sh", "-c", "/bin/sleep 0.2 & echo $!").Stdout.Trim();
        Assert.Matches(@"^\d+$", pid);

        Wait.Until(() => container.Exec("/bin/sh", "-c", $"test -e /proc/{pid} || echo reaped").Stdout == "reaped\n",
            $"the orphan {pid} to be reaped by PID 1", TimeSpan.FromSeconds(30));
        Assert.Contains($"reaped unknown pid {pid} (exit status 0)", container.Logs().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerLogsShowsPrefixedLinesEachOnTheProgramsOwnStream()
    {
        using var confD = Programs.ConfD("""
            [program:web]
            command=/usr/local/bin/snhelper echo-both to-stdout to-stderr
            stdout_logfile=stdout
            stderr_logfile=stderr
            log_prefix=%(program_name)s |
            autorestart=false
            startsecs=0

            """);
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD);
        container.WaitForState("web", "EXITED");

        // No terminal (-t): Docker keeps the two streams apart, and the prefix has no colour.
        Wait.Until(() => container.Logs() is { } logs && logs.Stdout.Contains("web | to-stdout\n", StringComparison.Ordinal)
                && logs.Stderr.Contains("web | to-stderr\n", StringComparison.Ordinal),
            "each prefixed line in docker logs, on its own stream");
        var all = container.Logs();
        Assert.DoesNotContain("to-stderr", all.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", all.Output, StringComparison.Ordinal);
    }
}
