using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>
/// The container keys as the runtime sees them: a `critical=true` program's exit status becomes the container's,
/// and `supervisorctl health` answers a HEALTHCHECK.
/// </summary>
[Collection(PodmanCollection.Name)]
public class ExitCodeAndHealthcheckTests(Images images)
{
    [Fact]
    public void ACriticalProgramsExitStatusBecomesTheContainersExitCode()
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("sleeper", "sleep 1000", "priority=1"),
            Programs.ToContainerOutput("job", "exit 3", "autorestart=false\nstartsecs=0\ncritical=true"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);

        Wait.Until(() => container.State().Status == "exited", "the container to exit after its critical program",
            TimeSpan.FromSeconds(120));

        Assert.Equal("3\n", Podman.Check("inspect", "--format", "{{.State.ExitCode}}", container.Name).Stdout);
        var log = container.Logs().Output;
        Assert.Contains("critical program job exited (exit status 3) and will not be restarted: stopping all programs, supernetd will exit 3",
            log, StringComparison.Ordinal);
        Assert.Contains("stopped: sleeper (terminated by SIGTERM)", log, StringComparison.Ordinal);
    }

    [Fact]
    public void PodmanHealthcheckRunIsUnhealthyUntilTheTcpProbeAnswers()
    {
        // The program listens once the test creates /tmp/open: "before ready" does not depend on a delay.
        using var confD = Programs.ConfD("""
            [program:app]
            command=/bin/sh -c "while [ ! -e /tmp/open ]; do /bin/sleep 0.1; done; exec /usr/local/bin/snhelper listen-tcp 8080 0"
            ready=tcp:127.0.0.1:8080
            ready_timeout=0

            """);
        // No interval: podman 4.3 would schedule checks with systemd timers, which these hosts lack; the test
        // runs each check itself with `podman healthcheck run`. One failure is enough to say "unhealthy".
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD,
            ["--health-cmd", "/usr/bin/supervisorctl health", "--health-interval", "disable", "--health-retries", "1"]);
        container.WaitForState("app", "STARTING");

        var health = container.Exec("supervisorctl", "health");
        Assert.Equal(1, health.ExitCode);
        Assert.StartsWith("app STARTING", health.Stdout, StringComparison.Ordinal);
        var before = Podman.Run("healthcheck", "run", container.Name);
        Assert.Equal((1, "unhealthy\n"), (before.ExitCode, before.Stdout));

        Assert.Equal(0, container.Exec("/bin/sh", "-c", ": > /tmp/open").ExitCode);
        Wait.Until(() => Podman.Run("healthcheck", "run", container.Name).ExitCode == 0, "podman healthcheck run to pass",
            TimeSpan.FromSeconds(120));
        var after = container.Exec("supervisorctl", "health");
        Assert.Equal((0, "ok\n"), (after.ExitCode, after.Stdout));
    }
}
