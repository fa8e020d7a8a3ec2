using SuperNet.Core.Config;
using SuperNet.Core.Logging;
using SuperNet.Core.Os;
using SuperNet.Core.Processes;

namespace SuperNet.Core.Events;

/// <summary>
/// One [eventlistener:x] pool (contract §8.4): a FIFO of at most buffer_size events shared by the pool's
/// listener processes. Owner thread only.
/// </summary>
public sealed class ListenerPool
{
    private readonly EventListenerOptions options;
    private readonly IMainLog log;
    private readonly Func<string> server;
    private readonly LinkedList<SupervisorEvent> queue = new();
    private readonly IReadOnlyList<Subprocess> listeners;
    private long serial = -1;

    /// <param name="listeners">The pool's processes in config order: the order in which a free one is looked for.</param>
    /// <param name="stdout">Where the result handler prints; the daemon's fd 1 when null.</param>
    internal ListenerPool(string name, EventListenerOptions options, IReadOnlyList<Subprocess> listeners, Func<string> server, IMainLog log,
        Action<byte[]>? stdout = null)
    {
        Name = name;
        this.options = options;
        this.listeners = listeners;
        this.server = server;
        this.log = log;
        var handler = ResultHandlers.For(options.ResultHandler, stdout ?? (bytes => StdStreams.WriteStdout(bytes)));
        foreach (var listener in listeners)
        {
            listener.Listener!.ResultHandler = handler;
        }
    }

    public string Name { get; }
    public int Queued => queue.Count;

    /// <summary>Events wait or are being handled, and some listener can still take them.</summary>
    public bool HasWorkInProgress =>
        listeners.Any(p => p.State == ProcessState.Running && p.Listener is { State: not ListenerState.Unknown })
        && (queue.Count > 0 || listeners.Any(p => p.State == ProcessState.Running && p.Listener is { State: ListenerState.Busy }));

    internal bool Subscribes(string eventName) => options.Events.Any(s => EventTypes.Covers(s, eventName));

    internal bool Owns(Subprocess process) => listeners.Contains(process);

    /// <summary>Queues a new event (at the tail) or a rejected one (at the head), dropping the oldest when full.</summary>
    internal void Accept(SupervisorEvent received, Func<long> nextGlobalSerial, bool head = false)
    {
        received.Serial ??= nextGlobalSerial();
        if (!received.TryGetPoolSerial(this, out _))
        {
            received.SetPoolSerial(this, NextSerial());
        }
        else
        {
            log.Log(LogLevel.Debug,
                $"rebuffering event {received.Serial} for pool {Name} (buf size={queue.Count}, max={options.BufferSize})");
        }
        if (queue.Count >= options.BufferSize && queue.First is { } oldest)
        {
            queue.RemoveFirst();
            log.Log(LogLevel.Error, $"pool {Name} event buffer overflowed, discarding event {oldest.Value.Serial}");
        }
        if (head)
        {
            queue.AddFirst(received);
        }
        else
        {
            queue.AddLast(received);
        }
    }

    /// <summary>
    /// When some listener is RUNNING and READY, sends queued events oldest first, each to the first such
    /// listener; the first event that finds none is put back at the head (logged as rebuffered, as upstream).
    /// </summary>
    internal void Dispatch(Func<long> nextGlobalSerial)
    {
        if (!listeners.Any(p => p.State == ProcessState.Running && p.Listener is { State: ListenerState.Ready }))
        {
            return;
        }
        while (queue.First is { } next)
        {
            queue.RemoveFirst();
            if (!Send(next.Value))
            {
                Accept(next.Value, nextGlobalSerial, head: true);
                return;
            }
        }
    }

    private bool Send(SupervisorEvent pending)
    {
        pending.TryGetPoolSerial(this, out var poolSerial);
        foreach (var process in listeners)
        {
            if (process.State != ProcessState.Running || process.Listener is not { State: ListenerState.Ready } channel)
            {
                continue;
            }
            if (!process.SendEvent(pending.Envelope(server(), Name, poolSerial), pending))
            {
                log.Log(LogLevel.Debug,
                    $"epipe occurred while sending event {pending.Serial} to listener {process.Name}, listener state unchanged");
                continue;
            }
            channel.Sent(pending);
            log.Log(LogLevel.Debug, $"event {pending.Serial} sent to listener {process.Name}");
            return true;
        }
        return false;
    }

    private long NextSerial() => serial = serial == long.MaxValue ? 0 : serial + 1;
}
