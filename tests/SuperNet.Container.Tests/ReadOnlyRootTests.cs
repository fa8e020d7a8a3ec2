using SuperNet.Container.Tests.Harness;

namespace SuperNet.Container.Tests;

/// <summary>`--read-only` containers: what needs a writable directory says which one, and nothing else is affected.</summary>
[Collection(PodmanCollection.Name)]
public class ReadOnlyRootTests(Images images)
{
    [Fact]
    public void ReadyNotifyWithoutAWritableTmpSaysWhereItsSocketWouldGo()
    {
        using var confD = Programs.ConfD(
            Programs.ToContainerOutput("db", "notify 0", "ready=notify\nstartretries=0"),
            Programs.ToContainerOutput("sleeper", "sleep 1000"));
        // The main log, pidfile and socket get their own writable directories; /tmp stays read-only.
        using var container = RunningContainer.WithPrograms(images.WithPrograms, confD,
            ["--read-only", "--read-only-tmpfs=false", "--tmpfs", "/var/log/supervisor", "--tmpfs", "/run"]);
        container.WaitForState("db", "FATAL");
        container.WaitForState("sleeper", "RUNNING");

        var status = container.Exec("supervisorctl", "status", "db").Stdout;
        Assert.Contains("'db' couldn't make a directory for its NOTIFY_SOCKET (ready=notify) in /tmp (set TMPDIR to a writable directory): ",
            status, StringComparison.Ordinal);
    }
}
