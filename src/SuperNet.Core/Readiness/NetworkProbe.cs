using System.Net.Sockets;
using System.Text;

namespace SuperNet.Core.Readiness;

/// <summary>
/// tcp:HOST:PORT (a connection is accepted) and http://HOST:PORT/PATH (a GET answered 2xx), on the thread pool.
/// A cancelled attempt (the process stopped, the check is no longer wanted) ends its connect or read at once, so
/// its socket is closed then rather than at the attempt's timeout.
/// </summary>
internal sealed class NetworkProbe : IProbeAttempt
{
    private const int MaxAnswer = 512;
    private readonly CancellationTokenSource cancel;
    // Both on the owner thread only: Cancel is called there, and the answer is posted there.
    private bool cancelled;
    private bool ended;

    private NetworkProbe(TimeSpan timeout) => cancel = new CancellationTokenSource(timeout);

    public static NetworkProbe Start(Probe probe, IProbeHost host, TimeSpan timeout, Action<ProbeResult> done)
    {
        var attempt = new NetworkProbe(timeout);
        _ = Task.Run(async () =>
        {
            var result = await attempt.Run(probe).ConfigureAwait(false);
            host.Post(() =>
            {
                // Disposed where Cancel runs, so a cancel never meets a disposed source.
                attempt.ended = true;
                attempt.cancel.Dispose();
                if (!attempt.cancelled)
                {
                    done(result);
                }
            });
        });
        return attempt;
    }

    public void Cancel()
    {
        cancelled = true;
        if (!ended)
        {
            cancel.Cancel();
        }
    }

    private async Task<ProbeResult> Run(Probe probe)
    {
        var token = cancel.Token;
        try
        {
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(probe.Host, probe.Port, token).ConfigureAwait(false);
            if (probe.Kind == ProbeKind.Tcp)
            {
                return new ProbeResult(true, $"connected to {probe.Host}:{probe.Port}");
            }
            var authority = probe.Host.Contains(':', StringComparison.Ordinal) ? $"[{probe.Host}]:{probe.Port}" : $"{probe.Host}:{probe.Port}";
            var request = Encoding.ASCII.GetBytes(
                $"GET {probe.Path} HTTP/1.1\r\nHost: {authority}\r\nUser-Agent: supernetd-probe\r\nConnection: close\r\n\r\n");
            await socket.SendAsync(request, SocketFlags.None, token).ConfigureAwait(false);
            var buffer = new byte[MaxAnswer];
            var length = 0;
            while (length < buffer.Length)
            {
                var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, token).ConfigureAwait(false);
                if (n == 0 || Array.IndexOf(buffer, (byte)'\n', 0, length + n) >= 0)
                {
                    length += n;
                    break;
                }
                length += n;
            }
            var answer = Encoding.Latin1.GetString(buffer, 0, length);
            var statusLine = answer.Split('\n')[0].TrimEnd('\r');
            var parts = statusLine.Split(' ', 3);
            var ok = parts.Length >= 2 && parts[0].StartsWith("HTTP/", StringComparison.Ordinal)
                && parts[1].Length == 3 && parts[1][0] == '2';
            return new ProbeResult(ok, statusLine.Length > 0 ? statusLine : "empty answer");
        }
        catch (OperationCanceledException)
        {
            return new ProbeResult(false, "timed out");
        }
        catch (SocketException e)
        {
            return new ProbeResult(false, e.Message);
        }
        catch (IOException e)
        {
            return new ProbeResult(false, e.Message);
        }
    }
}
