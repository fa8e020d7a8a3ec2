using SuperNet.Core.Config;

namespace SuperNet.Core.Tests.Config;

/// <summary>supervisor's own sample and test fixtures (installed with the package, as in CI) must parse.</summary>
public class UpstreamFixtureTests
{
    private const string Package = "/usr/lib/python3/dist-packages/supervisor";

    public static IEnumerable<string> FilePaths() =>
        Directory.GetFiles(Path.Combine(Package, "tests", "fixtures"), "*.conf").Order(StringComparer.Ordinal)
            .Prepend(Path.Combine(Package, "skel", "sample.conf"));

    public static TheoryData<string> Files() => new(FilePaths());

    [Theory]
    [MemberData(nameof(Files))]
    public void Parses(string file)
    {
        var config = ConfigLoader.Load(file, context: TestContext.Create("/tmp", ("HOME", "/root"), ("PATH", "/usr/bin:/bin")));
        Assert.Equal(file, config.ConfigFile);
    }

    [Fact]
    public void SampleConfHasItsDocumentedServersAndNoPrograms()
    {
        var sample = Path.Combine(Package, "skel", "sample.conf");
        var config = ConfigLoader.Load(sample, context: TestContext.Create("/tmp"));
        var unix = Assert.IsType<UnixHttpServerConfig>(Assert.Single(config.Servers));
        Assert.Equal("/tmp/supervisor.sock", unix.File);
        Assert.Empty(config.Groups);
        Assert.Equal("/tmp/supervisord.log", config.Supervisord.Logfile);
        Assert.Equal("unix:///tmp/supervisor.sock", ConfigLoader.LoadSupervisorctl(sample, TestContext.Create("/tmp")).ServerUrl);
        Assert.Equal("rpcinterface:supervisor", "rpcinterface:" + Assert.Single(config.RpcInterfaces).Name);
    }
}
