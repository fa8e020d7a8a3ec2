using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// Docker's own additions around PID 1: `docker run --init` (tini), HEALTHCHECK scheduled by the engine, and a
/// non-root, read-only container.
/// </summary>
[Collection(DockerCollection.Name)]
public class DockerInitHealthUserTests(DockerEngine docker)
{
    [Fact]
    public void UnderDockerRunInitSupernetdReapsItsProgramsOrphansAndStopsInOrder()
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("forker", "orphans 3 1000", "autorestart=false\nstartsecs=0"),
            Programs.ToContainerOutput("sleeper", "signals"));
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD, "--init");
        container.WaitForState("forker", "EXITED");
        container.WaitForState("sleeper", "RUNNING");

        // tini (docker-init) is PID 1 and supernetd its child, so supernetd is a subreaper: orphans come to it.
        var daemon = container.Exec("supervisorctl", "pid").Stdout.Trim();
        var processes = container.Processes();
        Assert.Contains("1 0 docker-init", processes);
        Assert.Contains($"{daemon} 1 supernetd", processes);
        string line = "";
        Wait.Until(() => (line = container.Logs().Stdout.Split('\n').FirstOrDefault(l => l.StartsWith("orphans ", StringComparison.Ordinal)) ?? "") != "",
            "the program to list its orphans");
        var orphans = line.Split(' ')[1..];
        foreach (var pid in orphans)
            Assert.Contains($"{pid} {daemon} sleep", container.Processes());

        Assert.Equal(0, container.Exec(["/bin/sh", "-c", "kill " + string.Join(' ', orphans)]).ExitCode);
        Wait.Until(() => orphans.All(pid => container.Logs().Stdout.Contains($"reaped unknown pid {pid} (terminated by SIGTERM)", StringComparison.Ordinal)),
            "supernetd to reap the killed orphans");

        // tini forwards docker stop's SIGTERM and exits with supernetd's status.
        docker.Check("stop", "-t", "60", container.Name);
        Assert.Equal(("exited", 0), container.State());
        Assert.Contains("stopped: sleeper (exit status 0)", container.Logs().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AnExecFormHealthcheckIsUnhealthyUntilTheProbeAnswersThenHealthy()
    {
        // The exec form: the shipped image has no shell, and `docker run --health-cmd` always means /bin/sh -c.
        var image = docker.WithPrograms + "-health";
        docker.Build(image, $"""
            FROM {docker.WithPrograms}
            HEALTHCHECK --interval=1s --timeout=10s --retries=1 CMD ["/usr/bin/supernetctl", "-c", "/etc/supervisor/supervisord.conf", "health"]

            """);
        // The program listens once the test creates /tmp/open: "before ready" does not depend on a delay.
        using var confD = Programs.ConfD("""
            [program:app]
            command=/bin/sh -c "while [ ! -e /tmp/open ]; do /bin/sleep 0.1; done; exec /usr/local/bin/snhelper listen-tcp 8080 0"
            ready=tcp:127.0.0.1:8080
            ready_timeout=0

            """);
        using var container = DockerContainer.Start(docker, image, confD);

        // Docker runs the checks itself on the interval (podman 4.3 needs systemd timers for that).
        Wait.Until(() => container.Inspect("{{.State.Health.Status}}") == "unhealthy", "Docker to call the container unhealthy");
        Assert.Contains("1 app STARTING", container.Inspect("{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}"), StringComparison.Ordinal);

        Assert.Equal(0, container.Exec("/bin/sh", "-c", ": > /tmp/open").ExitCode);
        Wait.Until(() => container.Inspect("{{.State.Health.Status}}") == "healthy", "Docker to call the container healthy");
        Assert.EndsWith("0 ok", container.Inspect("{{range .State.Health.Log}}{{.ExitCode}} {{.Output}}{{end}}"), StringComparison.Ordinal);
    }

    [Fact]
    public void ANonRootReadOnlyContainerRunsWithTmpfsOwnedByItsUserAndStopsWithZero()
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("sleeper", "signals"),
            Programs.ToContainerOutput("db", "notify 0", "ready=notify"));
        // The scratch directory is private to the test's user; uid 1000 must be able to read the include.
        File.SetUnixFileMode(confD.Path, (UnixFileMode)0b111_101_101);
        // Docker copies an image directory's owner and mode onto a tmpfs mounted over it (root, 0755): uid= makes
        // it the daemon's. /tmp holds ready=notify's socket directory.
        using var container = DockerContainer.Start(docker, docker.WithPrograms, confD,
            "--user", "1000:1000", "--read-only", "--tmpfs", "/var/log/supervisor:uid=1000", "--tmpfs", "/run:uid=1000", "--tmpfs", "/tmp");
        container.WaitForState("sleeper", "RUNNING");
        container.WaitForState("db", "RUNNING");
        Assert.Contains("Uid:\t1000\t1000\t1000\t1000", container.Exec("/bin/sh", "-c", "while read -r l; do echo \"$l\"; done < /proc/1/status").Stdout,
            StringComparison.Ordinal);

        docker.Check("stop", "-t", "60", container.Name);
        Assert.Equal(("exited", 0), container.State());
    }
}
