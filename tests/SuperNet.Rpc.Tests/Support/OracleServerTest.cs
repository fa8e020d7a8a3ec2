using SuperNet.Rpc.Tests.Fakes;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>A test class whose every test gets a private directory and a server over the oracle config's fake backend.</summary>
public abstract class OracleServerTest : IAsyncLifetime
{
    protected TestDir Dir { get; } = new();
    protected TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Server = await TestServer.StartAsync(OracleConfig.Backend(Dir.Path), Dir["sv.sock"]);

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        Dir.Dispose();
    }
}
