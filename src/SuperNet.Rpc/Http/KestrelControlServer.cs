using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SuperNet.Core.Config;
using SuperNet.Rpc.Backend;
using SuperNet.Rpc.Methods;

namespace SuperNet.Rpc.Http;

/// <summary>
/// Kestrel without a host (no lifetime of its own, so SIGTERM stays the supervisor's): one KestrelServer
/// per configured section, since auth is per section (docs/adr/0003-http-server-kestrel.md).
/// </summary>
public sealed class KestrelControlServer : IControlServer
{
    private readonly ControlServerOptions _options;
    private readonly ISupervisorBackend _backend;
    private readonly RpcDispatcher _dispatcher;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<KestrelServer> _servers = [];
    private readonly List<string> _socketFiles = [];
    private ServiceProvider? _services;
    private bool _disposed;

    public KestrelControlServer(ISupervisorBackend backend, ControlServerOptions options)
    {
        _backend = backend;
        _options = options;
        _dispatcher = new RpcDispatcher(backend, options.RpcInterfaces);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _services = new ServiceCollection().AddLogging().BuildServiceProvider();
        var sockets = new ListenSockets(_options);
        try
        {
            foreach (var config in _options.Servers)
            {
                var server = Create(config, sockets);
                _servers.Add(server);
                await server.StartAsync(new Application(Router(config)), cancellationToken);
                if (config is UnixHttpServerConfig unix)
                {
                    _socketFiles.Add(unix.File);
                }
                foreach (var name in _options.RpcInterfaces)
                {
                    _options.Log(LogLevel.Info, $"RPC interface {Core.Logging.PythonRepr.Str(name)} initialized");
                }
                if (string.IsNullOrEmpty(config.Username))
                {
                    _options.Log(LogLevel.Critical, $"Server '{config.Section}' running without any HTTP authentication checking");
                }
            }
        }
        catch (Exception e)
        {
            await StopAsync(CancellationToken.None);
            throw Unwrap(e) ?? new ControlServerStartException($"Cannot open an HTTP server: {e.Message}");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        foreach (var server in _servers)
        {
            await server.StopAsync(cancellationToken);
            server.Dispose();
        }
        _servers.Clear();
        foreach (var file in _socketFiles)
        {
            File.Delete(file);
        }
        _socketFiles.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }
    }

    private KestrelServer Create(ServerConfig config, ListenSockets sockets)
    {
        var kestrel = new KestrelServerOptions { ApplicationServices = _services!, AddServerHeader = false };
        kestrel.Limits.MaxRequestBodySize = _options.MaxRequestBodyBytes;
        switch (config)
        {
            case UnixHttpServerConfig unix:
                kestrel.ListenUnixSocket(unix.File);
                break;
            case InetHttpServerConfig inet:
                kestrel.Listen(ListenSockets.InetEndpoint(inet));
                break;
        }
        var transport = new SocketTransportOptions { CreateBoundListenSocket = endpoint => sockets.Bind(config, endpoint) };
        return new KestrelServer(
            Options.Create(kestrel),
            new SocketTransportFactory(Options.Create(transport), NullLoggerFactory.Instance),
            NullLoggerFactory.Instance);
    }

    private RequestRouter Router(ServerConfig config) => new(
        BasicAuth.For(config),
        new XmlRpcEndpoint(_dispatcher, _options),
        new LogTailEndpoint(_backend, _options, _stopping.Token));

    private static ControlServerStartException? Unwrap(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is ControlServerStartException start)
            {
                return start;
            }
        }
        return null;
    }

    private sealed class Application(RequestRouter router) : IHttpApplication<HttpContext>
    {
        public HttpContext CreateContext(IFeatureCollection contextFeatures) => new DefaultHttpContext(contextFeatures);

        public Task ProcessRequestAsync(HttpContext context) => router.HandleAsync(context);

        public void DisposeContext(HttpContext context, Exception? exception)
        {
        }
    }
}
