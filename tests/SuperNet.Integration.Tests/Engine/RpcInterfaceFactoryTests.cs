using System.Net;
using System.Net.Sockets;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Integration.Tests.Engine;

/// <summary>
/// supervisord calls each [rpcinterface:x] factory with every other key of the section as a keyword argument,
/// keys a [DEFAULT] section lends it included; make_main_rpcinterface takes none, so such a config does not
/// start once an HTTP server is opened: the TypeError as a warning in the main log, "Could not make x rpc
/// interface" as the usage error, exit 2. Without an HTTP server the factory is never called.
/// </summary>
public sealed class RpcInterfaceFactoryTests
{
    private const string Head = """
        [supervisord]
        logfile={DIR}/main.log
        pidfile={DIR}/sv.pid
        childlogdir={DIR}
        user=root

        [rpcinterface:supervisor]
        supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

        """;

    private const string UnixServer = """
        [unix_http_server]
        file={DIR}/sv.sock

        """;

    [Fact]
    public void A_DEFAULT_key_reaching_the_factory_stops_the_start()
    {
        var (theirs, ours) = Refused("[DEFAULT]\nstartsecs=0\n\n" + Head + UnixServer + "[program:p]\ncommand=/bin/sleep 60\n");
        Assert.Contains("TypeError: make_main_rpcinterface() got an unexpected keyword argument 'startsecs'", theirs.Log);
        Assert.Equal("Error: Could not make supervisor rpc interface\nFor help, use PROGRAM -h\n", theirs.Stderr);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void A_second_interface_with_a_supervisord_key_fails_after_the_first_was_made()
    {
        var port = FreePort();
        var (theirs, ours) = Refused(Head + UnixServer + $"""
            [inet_http_server]
            port=127.0.0.1:{port}

            [rpcinterface:foo]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            supervisord = x
            zeta = 1
            """);
        Assert.Contains("TypeError: make_main_rpcinterface() got multiple values for argument 'supervisord'", theirs.Log);
        Assert.Contains("INFO RPC interface 'supervisor' initialized", theirs.Log);
        Assert.Equal("Error: Could not make foo rpc interface\nFor help, use PROGRAM -h\n", theirs.Stderr);
        Assert.Equal(theirs, ours);
    }

    [Fact]
    public void Without_an_HTTP_server_the_factory_is_never_called()
    {
        using var runs = new SideBySide("[DEFAULT]\nstartsecs=0\n\n" + Head + "[program:p]\ncommand=/bin/sleep 60\n");
        runs.WaitForLog("success: p entered RUNNING state");
        var (ours, oracle) = runs.Shutdown();
        Assert.Equal((0, 0), (ours, oracle));
    }

    private sealed record Outcome(int ExitCode, string Stderr, string Log);

    private static (Outcome Theirs, Outcome Ours) Refused(string config) =>
        (Run(Implementation.Supervisord, config), Run(Implementation.SuperNet, config));

    /// <summary>The exit status, stderr and the main log's messages, cut to what both daemons write.</summary>
    private static Outcome Run(Implementation implementation, string config)
    {
        using var run = SupervisorRun.Start(implementation, config);
        var code = run.WaitForExit();
        var daemon = implementation == Implementation.SuperNet ? Binaries.Supernetd : Binaries.Supervisord;
        // supervisord's warning is the whole traceback; its last line is the error both name.
        var log = string.Join('\n', File.ReadAllLines(run.LogPath)
            .Select(l => LogLine.Parse(l) is { } line ? $"{line.Level} {line.Message}" : l)
            .Where(l => l.StartsWith("INFO RPC interface", StringComparison.Ordinal) || l.StartsWith("TypeError: ", StringComparison.Ordinal)
                || l.StartsWith("WARN TypeError: ", StringComparison.Ordinal) || l.Contains("supervisord started", StringComparison.Ordinal))
            .Select(l => l.StartsWith("WARN ", StringComparison.Ordinal) ? l[5..] : l));
        return new Outcome(code, run.Stderr.Replace(daemon, "PROGRAM", StringComparison.Ordinal), log);
    }

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }
}
