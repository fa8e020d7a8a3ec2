using SuperNet.Ctl.Tests.Harness;

namespace SuperNet.Ctl.Tests;

public sealed class LifecycleSupervisord() : Supervisord(programs: """
    [program:sleeper]
    command=sleep 1000
    startsecs=0

    """);

/// <summary>reload and shutdown, and every command against the server once it is gone.</summary>
public sealed class LifecycleTests(LifecycleSupervisord server) : IClassFixture<LifecycleSupervisord>
{
    private string[] Options => ["-c", server.ConfigPath];

    [Fact]
    public void Reload_restarts_the_server()
    {
        Differential.AssertSame(Options, "reload", server.WaitReady);
        server.WaitReady();
    }

    [Fact]
    public void Shutdown_then_the_missing_socket()
    {
        try
        {
            var real = Normalize.Result(RealBatch.Run([.. Options, "shutdown"]));
            server.WaitExited();
            server.Stop();
            server.Start();
            var ours = Normalize.Result(Clients.Ours([.. Options, "shutdown"]));
            server.WaitExited();
            Assert.Equal(real, ours);
            Assert.Equal(new CtlResult("Shut down\n", "", 0), ours);

            foreach (var command in new[] { "status", "start sleeper", "stop all", "pid", "tail sleeper", "version", "shutdown", "reload", "reread", "update", "avail", "add x", "remove x", "fg sleeper", "help" })
            {
                Differential.AssertSame(Options, command);
            }
        }
        finally
        {
            server.Stop();
            server.Start();
        }
    }
}
