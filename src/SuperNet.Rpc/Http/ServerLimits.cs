namespace SuperNet.Rpc.Http;

/// <summary>
/// Everything the control server bounds, in one place, each default with its reason; tests shorten them.
/// Time limits exist only while a connection waits on its peer: an idle server keeps no timer. The request-cost
/// limits answer issue 14's amplification (a 3.7 MB multicall asking for 370 MB of answer); supervisord has
/// none of them, so each is listed as a deviation in docs/compatibility.md.
/// </summary>
public sealed record ServerLimits
{
    /// <summary>A keep-alive connection with no request in progress: medusa's 30-minute zombie timeout.</summary>
    public TimeSpan Idle { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>From a request's first byte to the end of its head (Kestrel's RequestHeadersTimeout): ends slowloris.</summary>
    public TimeSpan Head { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Reading a whole body, and writing a whole fixed-length answer, to a client that stopped reading.</summary>
    public TimeSpan Transfer { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>After the answer of a closing connection, how long the client's unread bytes are drained so the answer is not reset away.</summary>
    public TimeSpan Linger { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Connections open at once, over all of a daemon's servers. supervisord has no limit: 5000 connections each
    /// holding a 30 KB unfinished head took it from 31 to 181 MiB, and supernetd from 8 to 227 MiB. Each connection may
    /// hold a head of up to 64 KiB while it arrives, so 256 bounds a flood's heads to 16-32 MiB, about supervisord's
    /// own idle size; a control plane sees a connection per supervisorctl call and one per tail, far below it. At
    /// the limit a new connection closes the one that has waited longest for a request (an unfinished head or an
    /// idle keep-alive), so a flood cannot lock supervisorctl out; if every one is serving a request the new one is
    /// closed at once.
    /// </summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>How long a stop lets requests in progress finish before closing their connections.</summary>
    public TimeSpan StopGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Largest XML-RPC request body. supervisorctl's requests are under 1 KiB and sendProcessStdin is the only
    /// big one; the parsed tree costs about 20 times the body, so 2 MiB keeps one request's parse under ~40 MiB.
    /// </summary>
    public long MaxRequestBodyBytes { get; init; } = 2L << 20;

    /// <summary>
    /// Calls in one system.multicall. supervisorctl never sends one; scripts batch a call per process, and 1000
    /// covers that for any config this daemon is meant for while bounding the work one request can queue.
    /// </summary>
    public int MaxMulticallCalls { get; init; } = 1000;

    /// <summary>
    /// The answer of one system.multicall, serialized. Each call's answer is serialized as it is made (its tree is
    /// dropped at once), so this is also about the memory one multicall holds: 32 MiB is 50 getAllProcessInfo
    /// answers at 1000 programs.
    /// </summary>
    public long MaxMulticallAnswerBytes { get; init; } = 32L << 20;

    /// <summary>
    /// When the last connection closes and requests allocated more than this since the last time, the heap is
    /// compacted and returned to the OS: an idle daemon runs no collection of its own, so memory a burst of big
    /// requests made the heap grow to would otherwise stay resident.
    /// </summary>
    public long TrimAfterAllocatedBytes { get; init; } = 64L << 20;

    /// <summary>How often /logtail and /mainlogtail look for new bytes (supervisord: 0.1 s).</summary>
    public TimeSpan TailPollInterval { get; init; } = TimeSpan.FromMilliseconds(100);
}
