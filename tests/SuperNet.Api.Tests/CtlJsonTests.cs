using System.Text.Json;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Api.Tests;

/// <summary>supernetctl --json against supernetd: health (only supernetd serves /readyz) and tail's byte counts, with auth.</summary>
public sealed class CtlJsonTests(ApiDaemon daemon) : IClassFixture<ApiDaemon>
{
    [Fact]
    public void HealthReportsReadinessAsJson()
    {
        var (exit, output) = Ctl("--json", "health");
        Assert.True(exit == 0, output);
        var health = JsonDocument.Parse(output).RootElement;
        Assert.True(health.GetProperty("ready").GetBoolean());
        Assert.Equal(200, health.GetProperty("http_status").GetInt32());
        Assert.Equal(0, health.GetProperty("not_ready").GetArrayLength());
    }

    [Fact]
    public void UnreadyProgramsAreListedWithExitOne()
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, daemon.Post(Transport.Unix, "/api/v1/processes/sleeper/stop").Status);
        try
        {
            var (exit, output) = Ctl("--json", "health");
            Assert.Equal(1, exit);
            var health = JsonDocument.Parse(output).RootElement;
            Assert.False(health.GetProperty("ready").GetBoolean());
            Assert.Equal(503, health.GetProperty("http_status").GetInt32());
            Assert.Equal(["sleeper STOPPED"], health.GetProperty("not_ready").EnumerateArray().Select(e => e.GetString()));
        }
        finally
        {
            daemon.Post(Transport.Unix, "/api/v1/processes/sleeper/start");
        }
    }

    [Fact]
    public void TailCountsBytesOverTcp()
    {
        var (exit, output) = SupervisorRun.Run(Binaries.Supernetctl,
            ["-s", $"http://127.0.0.1:{daemon.Port}", "-u", ApiDaemon.User, "-p", ApiDaemon.Password, "tail", "talker", "stderr", "--json"]);
        Assert.True(exit == 0, output);
        var tail = JsonDocument.Parse(output).RootElement;
        Assert.Equal("hello-err\n", tail.GetProperty("data").GetString());
        Assert.Equal(10, tail.GetProperty("bytes").GetInt32());
        Assert.Equal("stderr", tail.GetProperty("channel").GetString());
    }

    [Fact]
    public void StatusCarriesTheApiProcessObjects()
    {
        var (_, output) = Ctl("--json", "status");
        var fromCtl = JsonDocument.Parse(output).RootElement.EnumerateArray().Select(p => p.GetProperty("name").GetString() + p.GetProperty("pid").GetInt32());
        var fromApi = daemon.Get(Transport.Unix, "/api/v1/processes").Json().EnumerateArray().Select(p => p.GetProperty("name").GetString() + p.GetProperty("pid").GetInt32());
        Assert.Equal(fromApi, fromCtl);
    }

    private (int Exit, string Output) Ctl(params string[] args) =>
        SupervisorRun.Run(Binaries.Supernetctl, ["-s", "unix://" + daemon.Socket, "-u", ApiDaemon.User, "-p", ApiDaemon.Password, .. args]);
}
