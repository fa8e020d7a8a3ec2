using System.Diagnostics;

namespace SuperNet.Rpc.Metrics;

/// <summary>
/// Requests answered by the control server and how long each took, per interface (XML-RPC and the JSON API):
/// counted by the connection threads with Interlocked, read by /metrics. Streams (tails, follows) are not
/// timed: their length is the client's choice.
/// </summary>
internal sealed class RequestStats
{
    /// <summary>Upper bounds of the latency histogram, seconds: sub-millisecond reads to multi-second waited starts.</summary>
    public static readonly double[] Bounds = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    public static readonly string[] Interfaces = ["xmlrpc", "json"];

    private readonly Histogram[] histograms = [new(), new()];

    /// <summary>Times the handler when the path is one of the counted interfaces.</summary>
    /// <remarks>The argument is passed through, not captured: a closure per request would be garbage per call.</remarks>
    public async Task TimeAsync<T>(string path, Func<T, Task> handle, T argument)
    {
        var index = Classify(path);
        if (index < 0)
        {
            await handle(argument).ConfigureAwait(false);
            return;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            await handle(argument).ConfigureAwait(false);
        }
        finally
        {
            histograms[index].Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    public Histogram For(string face) => histograms[Array.IndexOf(Interfaces, face)];

    private static int Classify(string target)
    {
        if (target.StartsWith("/RPC2", StringComparison.Ordinal))
        {
            return 0;
        }
        return target.StartsWith("/api/", StringComparison.Ordinal) && !target.Contains("follow=", StringComparison.Ordinal) ? 1 : -1;
    }

    /// <summary>Cumulative only when read: each observation increments one bucket.</summary>
    public sealed class Histogram
    {
        private readonly long[] buckets = new long[Bounds.Length + 1];
        private long sumMicroseconds;

        public void Observe(double seconds)
        {
            var i = 0;
            while (i < Bounds.Length && seconds > Bounds[i])
            {
                i++;
            }
            Interlocked.Increment(ref buckets[i]);
            Interlocked.Add(ref sumMicroseconds, (long)(seconds * 1e6));
        }

        public double Sum => Interlocked.Read(ref sumMicroseconds) / 1e6;

        /// <summary>Cumulative counts per bound, the last for +Inf.</summary>
        public long[] Cumulative()
        {
            var result = new long[buckets.Length];
            long running = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                running += Interlocked.Read(ref buckets[i]);
                result[i] = running;
            }
            return result;
        }
    }
}
