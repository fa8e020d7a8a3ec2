using System.Net.Sockets;
using SuperNet.Core.Config;
using SuperNet.Linux;
using SuperNet.Rpc.Methods;

namespace SuperNet.Rpc.Http;

/// <summary>
/// The control plane's HTTP/1.0 and 1.1 server on plain sockets (docs/adr/0006-http-server-raw-sockets.md):
/// one listener per configured section, since auth is per section, all served from one epoll thread
/// (<see cref="EpollListener"/>, <see cref="EpollSocket"/>; ADR 0006's third amendment); no timer runs while nothing is
/// connected, so an idle daemon does not wake up.
/// </summary>
public sealed class RawControlServer : IControlServer
{
    private const int Backlog = 512;
    // Stands for a connection's task until RunAsync returns it (the stop path waits for the real one).
    private static readonly Task Placeholder = new(static () => { });

    private readonly ControlServerOptions _options;
    private readonly RpcContext _context;
    private readonly RpcDispatcher _dispatcher;
    private readonly Metrics.RequestStats _requests = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Socket> _listeners = [];
    private readonly List<EpollListener> _acceptors = [];
    private EpollLoop? _loop;
    private readonly List<string> _socketFiles = [];
    private readonly Dictionary<HttpConnection, Task> _connections = [];
    private readonly DeadlineQueues _deadlines;
    private readonly Lock _gate = new();
    private long _allocatedAtTrim = GC.GetTotalAllocatedBytes();
    private int _trims;
    // A streak at the connection limit, reported at its start and its end.
    private bool _atLimit;
    private long _closedForRoom;
    private long _refused;
    private bool _stopped;
    private bool _disposed;

    public RawControlServer(RpcContext context, ControlServerOptions options)
    {
        _context = context;
        _options = options;
        _dispatcher = new RpcDispatcher(context, options.RpcInterfaces, options.Limits);
        _deadlines = new DeadlineQueues(options.Limits);
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Start(cancellationToken);
        return Task.CompletedTask;
    }

    private void Start(CancellationToken cancellationToken)
    {
        var sockets = new ListenSockets(_options);
        try
        {
            foreach (var config in _options.Servers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var listener = sockets.Bind(config);
                _listeners.Add(listener);
                if (config is UnixHttpServerConfig unix)
                {
                    _socketFiles.Add(unix.File);
                }
                listener.Listen(Backlog);
                listener.Blocking = false;
                var router = Router(config);
                // Made once per listener, not per connection (a connection per call is supervisorctl's way).
                Func<HttpExchange, Task> route = router.HandleAsync;
                Func<HttpExchange, Task> handle = e => _requests.TimeAsync(e.Request.Target, route, e);
                var tcp = config is InetHttpServerConfig;
                _loop ??= new EpollLoop();
                _acceptors.Add(new EpollListener(_loop, listener.SafeHandle, client => Accept(client, tcp, handle),
                    reason => _options.Log(LogLevel.Warn, $"HTTP server could not accept a connection: {reason}"),
                    failures => _options.Log(LogLevel.Info, $"HTTP server accepts connections again ({failures} attempts failed)")));
                foreach (var name in _options.RpcInterfaces)
                {
                    if (_options.RpcInterfaceErrors.TryGetValue(name, out var error))
                    {
                        _options.Log(LogLevel.Warn, error);
                        throw new ControlServerStartException(Core.Config.RpcInterfaceConfig.StartFailure(name));
                    }
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
            StopAsync(CancellationToken.None).GetAwaiter().GetResult();
            throw e as ControlServerStartException ?? new ControlServerStartException($"Cannot open an HTTP server: {e.Message}");
        }
    }

    /// <summary>Connections being served (for tests: a tail whose client left must end).</summary>
    internal int OpenConnections
    {
        get
        {
            lock (_gate)
            {
                return _connections.Count;
            }
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        HttpConnection[] open;
        lock (_gate)
        {
            _stopped = true;
            open = [.. _connections.Keys];
        }
        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var acceptor in _acceptors)
        {
            acceptor.Dispose();
        }
        _acceptors.Clear();
        foreach (var listener in _listeners)
        {
            listener.Dispose();
        }
        _listeners.Clear();

        // Like Kestrel's graceful stop: idle connections close now, answers in progress (a shutdown's reply) finish.
        foreach (var connection in open)
        {
            connection.RequestStop();
        }
        Task[] running;
        while (true)
        {
            lock (_gate)
            {
                running = [.. _connections.Values];
            }
            // A connection accepted just before the stop holds a placeholder until its first wait: wait for its task.
            if (!running.Any(t => ReferenceEquals(t, Placeholder)))
            {
                break;
            }
            await Task.Yield();
        }
        try
        {
            await Task.WhenAll(running).WaitAsync(_options.Limits.StopGrace, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            lock (_gate)
            {
                foreach (var connection in _connections.Keys)
                {
                    connection.Abort();
                }
            }
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        foreach (var file in _socketFiles)
        {
            File.Delete(file);
        }
        _socketFiles.Clear();
        // Every connection has ended: nothing is registered with the loop any more.
        _loop?.Dispose();
        _loop = null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        _stopping.Dispose();
        _deadlines.Dispose();
    }

    /// <summary>On the epoll thread: a new connection is served at once up to its first wait.</summary>
    private void Accept(EpollSocket client, bool tcp, Func<HttpExchange, Task> handle)
    {
        if (!MakeRoom())
        {
            client.Dispose();
            return;
        }
        if (tcp)
        {
            client.TrySetNoDelay();
        }
        var connection = new HttpConnection(client, handle, _options.Log, _deadlines);
        lock (_gate)
        {
            if (_stopped)
            {
                client.Dispose();
                return;
            }
            _connections[connection] = Placeholder;
        }
        var run = RunAsync(connection);
        lock (_gate)
        {
            if (_connections.ContainsKey(connection))
            {
                _connections[connection] = run;
            }
        }
    }

    private async Task RunAsync(HttpConnection connection)
    {
        await connection.RunAsync().ConfigureAwait(false);
        bool last;
        (long Closed, long Refused)? limitEnded = null;
        lock (_gate)
        {
            _connections.Remove(connection);
            last = _connections.Count == 0;
            // Half the limit, not one below it: each connection a flood's next one replaces takes it one below.
            if (_atLimit && _connections.Count <= _options.Limits.MaxConnections / 2)
            {
                limitEnded = (_closedForRoom, _refused);
                _atLimit = false;
                _closedForRoom = _refused = 0;
            }
        }
        if (limitEnded is var (closed, refused))
        {
            _options.Log(LogLevel.Info, $"HTTP server is below its limit of {_options.Limits.MaxConnections} connections again " +
                $"({closed} closed to make room, {refused} refused)");
        }
        // A flood's connections lived long enough to reach the oldest generation, which an idle daemon never collects,
        // and with their buffers pooled they allocate too little to reach the threshold of TrimIfGrown. Only after a
        // limit's worth of them was closed: a client cycling around the limit must not buy a full collection cheaply.
        if (limitEnded?.Closed >= _options.Limits.MaxConnections)
        {
            Trim();
        }
        else if (last)
        {
            TrimIfGrown();
        }
    }

    /// <summary>
    /// At the connection limit, closes the connection that has waited longest for a request to make room for a new
    /// one (a flood of silent or unfinished connections cannot lock a real client out); false when every one is in a
    /// request, and the new one is to be refused. Said once per streak at the limit, as accept failures are.
    /// </summary>
    private bool MakeRoom()
    {
        lock (_gate)
        {
            if (_connections.Count < _options.Limits.MaxConnections)
            {
                return true;
            }
        }
        // Outside the lock: the closed connection may end inline, and its end takes the lock.
        var made = _deadlines.CloseLongestWaiting();
        bool first, turnedOver;
        lock (_gate)
        {
            first = !_atLimit;
            _atLimit = true;
            if (made)
            {
                _closedForRoom++;
            }
            else
            {
                _refused++;
            }
            turnedOver = made && _closedForRoom % _options.Limits.MaxConnections == 0;
        }
        if (first)
        {
            _options.Log(LogLevel.Warn, $"HTTP server reached its limit of {_options.Limits.MaxConnections} connections: " +
                (made ? "closing the one waiting longest for a request" : "refusing new ones while every one is in a request"));
        }
        if (turnedOver)
        {
            // Each closed connection's objects outlived the small first generation and wait in the oldest one, which
            // grew by about 3.5 KiB per closed connection through a flood (19 000 took RSS to 83 MiB): collecting it
            // once per limit's worth keeps a long flood's memory flat, at a few milliseconds per 256 connections.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
        }
        return made;
    }

    /// <summary>
    /// An idle daemon allocates nothing, so the runtime never collects on its own: after requests that allocated a
    /// lot, the last connection to close compacts the heap and gives the freed memory back to the OS.
    /// </summary>
    private void TrimIfGrown()
    {
        var allocated = GC.GetTotalAllocatedBytes();
        var since = allocated - Interlocked.Read(ref _allocatedAtTrim);
        if (since < _options.Limits.TrimAfterAllocatedBytes)
        {
            return;
        }
        Trim();
    }

    private void Trim()
    {
        Interlocked.Exchange(ref _allocatedAtTrim, GC.GetTotalAllocatedBytes());
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        Interlocked.Increment(ref _trims);
    }

    /// <summary>How many times the heap was trimmed (tests).</summary>
    internal int Trims => Volatile.Read(ref _trims);

    private RequestRouter Router(ServerConfig config)
    {
        var tail = new LogTailEndpoint(_context, _options, _stopping.Token);
        return new(
            BasicAuth.For(config),
            new XmlRpcEndpoint(_dispatcher, _options),
            tail,
            new Web.WebUiEndpoint(_context, _options),
            _options.Health is { } health ? new HealthEndpoint(health) : null,
            new Json.ApiRoutes(new Json.JsonApi(_context, _options, tail), new Metrics.MetricsEndpoint(_context, _requests)));
    }
}
