using Microsoft.Extensions.Hosting;

namespace SuperNet.Daemon;

/// <summary>
/// Replaces the host's ConsoleLifetime, which would act on SIGTERM before us and touch System.Console.
/// Signals go to the supervisor; the supervisor stops the host once every program is down (ADR 0005).
/// </summary>
internal sealed class SupervisorLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
