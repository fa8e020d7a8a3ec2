using System.Net;
using System.Net.Sockets;
using SuperNet.Core.Config;
using SuperNet.Rpc.Http;

namespace SuperNet.Rpc.Tests.Support;

/// <summary>A running RawControlServer on a unix socket and a TCP port, over a given supervisor.</summary>
public sealed class TestServer : IAsyncDisposable
{
    private readonly List<(LogLevel Level, string Message)> _log;

    private TestServer(RawControlServer server, Endpoint unix, Endpoint tcp, StringWriter notices, List<(LogLevel, string)> log)
    {
        Server = server;
        Unix = unix;
        Tcp = tcp;
        Notices = notices;
        _log = log;
    }

    public RawControlServer Server { get; }
    public Endpoint Unix { get; }
    public Endpoint Tcp { get; }
    public StringWriter Notices { get; }
    /// <summary>What the server has logged so far (a copy: requests still being answered may add to it).</summary>
    public List<(LogLevel Level, string Message)> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    public Endpoint this[string kind] => kind == "unix" ? Unix : Tcp;

    public static async Task<TestServer> StartAsync(RpcContext context, string socketPath,
        string? unixUser = null, string? unixPassword = null, string? tcpUser = null, string? tcpPassword = null, ServerLimits? limits = null)
    {
        var port = FreePort();
        var notices = new StringWriter();
        var log = new List<(LogLevel, string)>();
        var options = new ControlServerOptions
        {
            Servers =
            [
                new UnixHttpServerConfig { Section = "unix_http_server", File = socketPath, Username = unixUser, Password = unixPassword },
                new InetHttpServerConfig { Section = "inet_http_server", Host = "127.0.0.1", Port = port, Username = tcpUser, Password = tcpPassword },
            ],
            StaleSocketNotice = notices,
            Limits = limits ?? new ServerLimits(),
            Log = (level, message) =>
            {
                lock (log)
                {
                    log.Add((level, message));
                }
            },
        };
        var server = new RawControlServer(context, options);
        await server.StartAsync(CancellationToken.None);
        return new TestServer(server, new Endpoint(socketPath, 0), new Endpoint(null, port), notices, log);
    }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
