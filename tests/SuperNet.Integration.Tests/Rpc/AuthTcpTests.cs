using System.Net;
using System.Net.Sockets;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Rpc;

/// <summary>[inet_http_server] with a {SHA} password: supervisorctl over TCP, right and wrong credentials.</summary>
public sealed class AuthTcpTests
{
    [Fact]
    public void SupervisorctlOverTcpWithAuthMatchesSupervisord()
    {
        var results = new Dictionary<Implementation, List<(int, string)>>();
        foreach (var implementation in new[] { Implementation.SuperNet, Implementation.Supervisord })
        {
            var port = FreePort();
            var config = $"""
                [supervisord]
                logfile={"{DIR}"}/main.log
                pidfile={"{DIR}"}/sv.pid
                childlogdir={"{DIR}"}
                silent=true

                [inet_http_server]
                port=127.0.0.1:{port}
                username=user
                password={"{SHA}"}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                [supervisorctl]
                serverurl=http://127.0.0.1:{port}
                username=user
                password=secret

                [program:a]
                command=/bin/sleep 1000
                startsecs=0
                """;
            using var run = SupervisorRun.Start(implementation, config);
            run.WaitForLog("success: a ");
            results[implementation] =
            [
                Normalized(run, run.Ctl("status")),
                Normalized(run, run.Ctl("-p", "wrong", "status")),
                Normalized(run, run.Ctl("-u", "nobody", "pid", "a")),
                Normalized(run, run.Ctl("stop", "a")),
            ];
            Assert.DoesNotContain(run.Log(), l => l.Message.Contains("without any HTTP authentication", StringComparison.Ordinal));
            run.Signal(15);
            Assert.Equal(0, run.WaitForExit());
        }
        Assert.Equal(results[Implementation.Supervisord], results[Implementation.SuperNet]);
        var ours = results[Implementation.SuperNet];
        Assert.Equal(0, ours[0].Item1);
        Assert.Contains("RUNNING", ours[0].Item2);
        Assert.Contains("Server requires authentication", ours[1].Item2);
    }

    private static (int, string) Normalized(SupervisorRun run, (int ExitCode, string Output) result) =>
        (result.ExitCode, CtlPair.Text(run, result.Output).Replace(PortOf(run), "PORT", StringComparison.Ordinal));

    private static string PortOf(SupervisorRun run) =>
        File.ReadLines(run.ConfigPath).First(l => l.StartsWith("port=", StringComparison.Ordinal)).Split(':')[1];

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
