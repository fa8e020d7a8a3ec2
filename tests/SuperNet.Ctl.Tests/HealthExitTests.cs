using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

/// <summary>
/// `health` is a HEALTHCHECK command: Docker reserves exit status 2, so a health check whose configuration or
/// options are wrong says so and exits 1 (unhealthy), where every other command exits 2 as supervisorctl does.
/// </summary>
public class HealthExitTests
{
    [Fact]
    public void A_missing_config_file_exits_1_for_health_and_2_for_status()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"supernet-missing-{Guid.NewGuid():N}.conf");
        var health = Clients.Ours(["-c", missing, "health"]);
        Assert.Equal(1, health.ExitCode);
        Assert.StartsWith($"Error: could not find config file {missing}\n", health.Stderr);
        Assert.Equal(2, Clients.Ours(["-c", missing, "status"]).ExitCode);
    }
}
