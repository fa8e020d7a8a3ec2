using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>PID 1 reaps every orphan in the container, whoever started it and whatever supernetd runs at the time.</summary>
[Collection(PodmanCollection.Name)]
public class ReapingTests(Images images)
{
    [Fact]
    public void AnOrphanLeftByPodmanExecIsReapedWhileNoProgramRuns()
    {
        // No program runs, so supernetd has no child of its own: the orphan is the only one it gets.
        using var confD = Programs.ConfD(Programs.ToContainerOutput("idle", "sleep 1000", "autostart=false"));
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("idle", "STOPPED");

        // The exec'd shell's parent is outside the container's PID namespace: its background child is re-parented to PID 1.
        var pid = container.Exec("/bin/sh", "-c", "/bin/sleep 0.2 & echo $!").Stdout.Trim();
        Assert.Matches(@"^\d+$", pid);

        Wait.Until(() => container.Exec("/bin/sh", "-c", $"test -e /proc/{pid} || echo reaped").Stdout == "reaped\n",
            $"the orphan {pid} to be reaped by PID 1", TimeSpan.FromSeconds(30));
        Assert.Contains($"reaped unknown pid {pid} (exit status 0)", container.Logs().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void AStormOfShortLivedOrphansLeavesNoZombie()
    {
        // Each subshell forks a child that does nothing and exits at once: 1000 orphans, most of them already
        // zombies when they reach PID 1. The program itself exits without waiting for any of them.
        using var confD = Programs.ConfD("""
            [program:storm]
            command=/bin/sh -c "i=0; while [ $i -lt 1000 ]; do (: &); i=$((i+1)); done"
            autorestart=false
            startsecs=0

            """);
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD);
        container.WaitForState("storm", "EXITED");

        Wait.Until(() => container.Exec("/bin/sh", "-c", ContainerProcesses.ZombieScript).Stdout == "end\n", "no zombie left in the container",
            TimeSpan.FromSeconds(30));
        Wait.Until(() => container.Logs().Stdout.Split("reaped unknown pid ").Length - 1 == 1000, "1000 orphans reaped and logged",
            TimeSpan.FromSeconds(30));
    }
}
