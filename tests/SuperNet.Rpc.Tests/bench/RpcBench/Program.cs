using System.Runtime.InteropServices;
using SuperNet.Core.Config;
using SuperNet.Core.Processes;
using SuperNet.Rpc.Backend;
using SuperNet.Rpc.Http;

// usage: RpcBench <socket path> <number of programs>
var socket = args[0];
var count = int.Parse(args[1]);
var backend = new StaticBackend(count);
await using var server = new RawControlServer(backend, new ControlServerOptions
{
    Servers = [new UnixHttpServerConfig { Section = "unix_http_server", File = socket }],
});
await server.StartAsync(CancellationToken.None);
var stop = new TaskCompletionSource();
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
await stop.Task;
await server.StopAsync(CancellationToken.None);

/// <summary>N stopped programs in N groups, like a config of N [program:x] sections with autostart=false.</summary>
internal sealed class StaticBackend : ISupervisorBackend
{
    private readonly IReadOnlyList<GroupSnapshot> _groups;

    public StaticBackend(int count) => _groups = [.. Enumerable.Range(0, count).Select(i =>
    {
        var name = $"prog_{i:0000}";
        return new GroupSnapshot(name, 999, [new ProcessSnapshot
        {
            Name = name, Group = name, State = ProcessState.Stopped, Description = "Not started",
            StdoutLogfile = $"/tmp/{name}.log",
        }]);
    })];

    public string Identification => "supervisor";
    public string SupervisorVersion => "4.2.5";
    public int Pid => Environment.ProcessId;
    public bool IsShuttingDown => false;
    public string? MainLogfile => null;
    public SupervisorSnapshot GetSnapshot() => new(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), _groups);
    public IReadOnlyList<AvailableGroup> GetAvailableGroups() => [];
    public Task<PendingChange> StartProcessAsync(ProcessKey key, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<PendingChange> StopProcessAsync(ProcessKey key, bool wait, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task SignalProcessAsync(ProcessKey key, int signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task SendProcessStdinAsync(ProcessKey key, string chars, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task ClearProcessLogsAsync(ProcessKey key, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task ClearMainLogAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ConfigDiff> ReloadConfigAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task AddProcessGroupAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveProcessGroupAsync(string name, CancellationToken cancellationToken) => throw new NotSupportedException();
    public void RequestShutdown() => throw new NotSupportedException();
    public void RequestRestart() => throw new NotSupportedException();
    public void SendRemoteCommEvent(string type, string data) => throw new NotSupportedException();
}
