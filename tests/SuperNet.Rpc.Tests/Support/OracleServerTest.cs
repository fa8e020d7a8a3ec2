namespace SuperNet.Rpc.Tests.Support;

/// <summary>A test class whose every test gets a private directory and a server over the oracle config's engine.</summary>
public abstract class OracleServerTest : IAsyncLifetime
{
    private OracleEngine engine = null!;

    protected TempDir Dir { get; } = new();
    protected TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        engine = await OracleEngine.StartAsync(Dir.Path);
        Server = await TestServer.StartAsync(engine.Context, Dir.File("sv.sock"));
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await engine.DisposeAsync();
        Dir.Dispose();
    }
}
