using System.Buffers;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using SuperNet.Linux;

namespace SuperNet.Rpc.Http;

/// <summary>
/// One accepted connection: requests are read and answered in order (pipelined ones wait in the buffer).
/// While a request is handled, one receive stays pending so a client that leaves cancels
/// <see cref="Aborted"/> (ending a tail or a waiting call), as Kestrel's RequestAborted did.
/// </summary>
internal sealed class HttpConnection(EpollSocket socket, Func<HttpExchange, Task> handler, ControlServerLog log, DeadlineQueues deadlines)
{
    private const int MaxBuffer = 2 * HttpHeadParser.MaxHeadBytes;
    private const int InitialBuffer = 4096;

    private readonly CancellationTokenSource _aborted = new();
    private readonly Lock _gate = new();
    private readonly Deadline _deadline = new(socket);
    // Rented: a connection per call (supervisorctl's way) would otherwise make 4 KiB of garbage each time.
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
    private int _start;
    private int _end;
    /// <summary>How many buffered bytes from <see cref="_start"/> are known not to end the head being read.</summary>
    private int _searched;
    private Task<int>? _pending;
    private bool _idle;
    private bool _stopRequested;
    /// <summary>A read returned end-of-file: the client sends nothing more, so a plain close cannot reset the answer.</summary>
    private bool _peerClosed;
    /// <summary>False while a request is handled and <see cref="OnWatchedReceive"/> may take the pending receive.</summary>
    private bool _joined = true;

    public CancellationToken Aborted => _aborted.Token;
    public int Buffered => _end - _start;

    // Pooled state machines: every connection suspends once (waiting for the next request or the client's close), and
    // a connection per call is supervisorctl's way, so each level of this flow would otherwise be garbage per call.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RunAsync()
    {
        try
        {
            await ServeAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The client left, a deadline closed the socket, or the server stopped.
        }
        catch (Exception e)
        {
            log(Core.Config.LogLevel.Error, $"HTTP connection failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            await CloseAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Ends the connection now if it waits for a request, else after the answer in progress.</summary>
    public void RequestStop()
    {
        lock (_gate)
        {
            _stopRequested = true;
            if (_idle)
            {
                // Shutdown, not Dispose: the pending receive sees EOF and the client gets a FIN, not a reset.
                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException)
                {
                    Abort();
                }
            }
        }
    }

    public void Abort()
    {
        SignalAborted();
        socket.Dispose();
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask ServeAsync()
    {
        while (true)
        {
            var head = await ReadHeadAsync().ConfigureAwait(false);
            if (head is null)
            {
                return;
            }
            var exchange = new HttpExchange(this, head);
            if (exchange.Invalid)
            {
                await Responses.Error(exchange, 400, close: true).ConfigureAwait(false);
                return;
            }
            if (exchange.ContentLength is null or 0)
            {
                WatchForClose();
            }
            try
            {
                await handler(exchange).ConfigureAwait(false);
                await exchange.FinishAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (!exchange.ResponseStarted && e is not (SocketException or IOException or ObjectDisposedException or OperationCanceledException))
            {
                Join();
                log(Core.Config.LogLevel.Critical, $"HTTP request {LogText.Safe(head.Method)} {LogText.Safe(head.Target)} failed: {e.GetType().Name}: {LogText.Safe(e.Message)}");
                await Responses.Error(exchange, 500, close: true).ConfigureAwait(false);
                return;
            }
            finally
            {
                Join();
            }
            if (!exchange.ResponseStarted || !exchange.KeepAlive)
            {
                return;
            }
            lock (_gate)
            {
                if (_stopRequested)
                {
                    return;
                }
            }
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<HttpRequestHead?> ReadHeadAsync()
    {
        var timed = false;
        try
        {
            while (true)
            {
                var outcome = HttpHeadParser.TryParse(_buffer.AsSpan(_start, _end - _start), ref _searched, out var head, out var consumed);
                _start += consumed;
                if (outcome == HttpHeadParser.Outcome.Complete)
                {
                    return head;
                }
                if (outcome == HttpHeadParser.Outcome.Invalid)
                {
                    var bad = new HttpRequestHead { Method = "GET", Target = "/", Http11 = false, Headers = [] };
                    await Responses.Error(new HttpExchange(this, bad), 400, close: true).ConfigureAwait(false);
                    return null;
                }
                var waiting = _start == _end;
                lock (_gate)
                {
                    if (waiting && _stopRequested)
                    {
                        return null;
                    }
                    _idle = waiting;
                }
                if (!TryStartReceive())
                {
                    return null;
                }
                // Once a request has begun, its whole head must arrive in time: a trickle does not extend it. Bytes
                // already there (a new connection's request, usually) need no timer.
                if (!_pending!.IsCompleted && !timed)
                {
                    _deadline.Set(waiting ? deadlines.Idle : deadlines.Head);
                    timed = true;
                }
                var filled = await FillAsync().ConfigureAwait(false);
                lock (_gate)
                {
                    _idle = false;
                }
                if (!filled)
                {
                    return null;
                }
                if (waiting && _start != _end && timed)
                {
                    _deadline.Clear();
                    timed = false;
                }
            }
        }
        finally
        {
            if (timed)
            {
                _deadline.Clear();
            }
        }
    }

    /// <summary>Makes sure the one receive is pending (it may be already); false when the connection cannot read.</summary>
    private bool TryStartReceive()
    {
        try
        {
            return _pending is not null || StartReceive();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _pending = null;
            return false;
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<bool> FillAsync()
    {
        try
        {
            var read = await _pending!.ConfigureAwait(false);
            _pending = null;
            if (read == 0)
            {
                _peerClosed = true;
                return false;
            }
            _end += read;
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            _pending = null;
            return false;
        }
    }

    /// <summary>
    /// Starts the one receive into the free end of the buffer; false when the buffer cannot grow. readNow: read at
    /// once (a request's bytes usually are there) rather than first wait for epoll (a watch for the client's close).
    /// </summary>
    private bool StartReceive(bool readNow = true)
    {
        if (_start == _end)
        {
            _start = _end = 0;
            // Nothing buffered: a buffer grown for a big head goes back now, not when the connection ends (an idle
            // keep-alive connection may wait 30 minutes); the next request starts small again.
            if (_buffer.Length > InitialBuffer)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
            }
        }
        if (_end == _buffer.Length)
        {
            var used = _end - _start;
            if (_start == 0 && _buffer.Length >= MaxBuffer)
            {
                return false;
            }
            // Pooled as the first one is: a head growing 4 -> 8 -> 16 -> 32 KiB would otherwise leave 28 KiB of
            // garbage per connection, which a flood of unfinished heads multiplies. Every size is a power of two.
            var target = _start > 0 && used < _buffer.Length / 2 ? _buffer : ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, MaxBuffer));
            Buffer.BlockCopy(_buffer, _start, target, 0, used);
            if (!ReferenceEquals(target, _buffer))
            {
                ArrayPool<byte>.Shared.Return(_buffer);
            }
            _buffer = target;
            _start = 0;
            _end = used;
        }
        var into = _buffer.AsMemory(_end);
        _pending = (readNow ? socket.ReceiveAsync(into) : socket.ReceiveWhenReadyAsync(into)).AsTask();
        return true;
    }

    /// <summary>Keeps a receive pending while a request is handled: its end (EOF or error) means the client left.</summary>
    public void WatchForClose()
    {
        lock (_gate)
        {
            if (_pending is not null)
            {
                return;
            }
            // Before the receive starts: one that completes at once runs its continuation inline.
            _joined = false;
            if (!TryWatchLocked())
            {
                _joined = true;
            }
        }
    }

    /// <summary>The handler is done: from now on the connection's flow owns the pending receive again.</summary>
    private void Join()
    {
        lock (_gate)
        {
            _joined = true;
        }
    }

    private bool TryWatchLocked()
    {
        try
        {
            // The client rarely sends or closes while its answer is made: epoll tells when it does, and a read
            // now would only fail with EAGAIN: one system call per request.
            if (!StartReceive(readNow: false))
            {
                return false;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _pending = null;
            return false;
        }
        _pending!.ContinueWith(static (read, state) => ((HttpConnection)state!).OnWatchedReceive(read),
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    private void OnWatchedReceive(Task<int> read)
    {
        var left = false;
        lock (_gate)
        {
            if (_joined || !ReferenceEquals(read, _pending))
            {
                return;
            }
            if (!read.IsCompletedSuccessfully || read.Result == 0)
            {
                left = true;
            }
            else if (!_buffer.AsSpan(_start, _end + read.Result - _start).ContainsAnyExcept((byte)'\r', (byte)'\n'))
            {
                // Only empty lines so far (supervisorctl's tail sends a stray CRLF after its request): they would be
                // skipped anyway, so drop them and keep watching, or a tail whose client left would poll forever.
                _pending = null;
                _start = _end;
                left = !TryWatchLocked();
            }
            // Otherwise a pipelined request has begun: the flow takes the receive's result after this answer.
        }
        if (left)
        {
            SignalAborted();
        }
    }

    /// <summary>Fills into with the buffered bytes, then from the socket; false when the client left or was too slow.</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<bool> ReadExactAsync(Memory<byte> into)
    {
        var filled = TakeBuffered(into);
        if (filled == into.Length)
        {
            return true;
        }
        _deadline.Set(deadlines.Transfer);
        try
        {
            // The receive that watched for the client leaving during the last answer may hold this body's next bytes
            // (a pipelined request): it is taken first, as a second receive beside it is refused.
            if (_pending is not null)
            {
                if (!await FillAsync().ConfigureAwait(false))
                {
                    return false;
                }
                filled += TakeBuffered(into[filled..]);
            }
            while (filled < into.Length)
            {
                var read = await socket.ReceiveAsync(into[filled..]).ConfigureAwait(false);
                if (read == 0)
                {
                    _peerClosed = true;
                    return false;
                }
                filled += read;
            }
            return true;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            _deadline.Clear();
        }
    }

    private int TakeBuffered(Memory<byte> into)
    {
        var taken = Math.Min(Buffered, into.Length);
        _buffer.AsMemory(_start, taken).CopyTo(into);
        _start += taken;
        return taken;
    }

    /// <summary>
    /// Before a streamed answer of many megabytes: a larger send buffer (up to net.core.wmem_max) lets the kernel hold
    /// more of it, so daemon and client take turns less often. 100 000 programs' answer is 100 MB: at the default
    /// 208 KiB that was 500 turns, each a scheduling delay on a loaded machine (wall 10 s, daemon CPU under 1 s).
    /// </summary>
    public void WidenSendBuffer()
    {
        // Best effort: refused, the answer is the same, only slower.
        socket.TrySetSendBuffer(4 << 20);
    }

    /// <summary>Writes everything; bounded writes (whole answers) fail the connection if the client stops reading.</summary>
    public async Task SendAsync(ReadOnlyMemory<byte> data, bool bounded, CancellationToken ct)
    {
        var write = socket.SendAsync(data, ct);
        if (write.IsCompleted)
        {
            // The socket took it all at once (any answer smaller than its buffer): nothing to time.
            await write.ConfigureAwait(false);
            return;
        }
        if (!bounded)
        {
            await write.ConfigureAwait(false);
            return;
        }
        _deadline.Set(deadlines.Transfer);
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            _deadline.Clear();
        }
    }

    private void SignalAborted()
    {
        try
        {
            _aborted.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
        catch (AggregateException)
        {
            // A callback of a waiting request threw: the connection is going away regardless.
        }
    }

    /// <summary>
    /// Half-closes, then drains what the client still sends for a moment: closing with unread bytes would send a
    /// reset that can destroy the answer before the client reads it (e.g. a 413 for a body it keeps sending).
    /// A client that already closed its side (supervisorctl's usual ending) can send nothing more: its connection
    /// is just closed, two system calls fewer per call.
    /// </summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask CloseAsync()
    {
        Join();
        var lingering = false;
        try
        {
            if (_peerClosed && _pending is null)
            {
                return;
            }
            socket.Shutdown(SocketShutdown.Send);
            // The timer only if the client has not closed yet: supervisorctl's usually has.
            if (_pending is { } pending)
            {
                _pending = null;
                if (!pending.IsCompleted)
                {
                    _deadline.Set(deadlines.Linger);
                    lingering = true;
                }
                if (await pending.ConfigureAwait(false) == 0)
                {
                    return;
                }
            }
            while (true)
            {
                var read = socket.ReceiveAsync(_buffer);
                if (!read.IsCompleted && !lingering)
                {
                    _deadline.Set(deadlines.Linger);
                    lingering = true;
                }
                if (await read.ConfigureAwait(false) == 0)
                {
                    return;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
        }
        finally
        {
            _deadline.Clear();
            SignalAborted();
            socket.Dispose();
            if (_pending is { } pending)
            {
                try
                {
                    await pending.ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
                {
                }
            }
            _aborted.Dispose();
            // Every size it grows to is a power of two, which the pool takes.
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = [];
        }
    }
}
