using System.Net.Sockets;
using System.Runtime.InteropServices;
using SuperNet.Core.Config;
using SuperNet.Rpc.Http;
using SuperNet.Rpc.Tests.Support;
using SuperNet.XmlRpc;

namespace SuperNet.Rpc.Tests.Http;

/// <summary>Alone: the test lowers this process's own open-file limit, which every test running beside it shares.</summary>
[CollectionDefinition(nameof(OwnFdLimit), DisableParallelization = true)]
public sealed class OwnFdLimit;

/// <summary>accept4 failing with EMFILE: the listener says why, pauses instead of spinning, and accepts once fds free up.</summary>
[Collection(nameof(OwnFdLimit))]
public sealed partial class AcceptOutOfFilesTests
{
    private const int RLIMIT_NOFILE = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [LibraryImport("libc", EntryPoint = "getrlimit", SetLastError = true)]
    private static partial int GetRLimit(int resource, out RLimit limit);

    [LibraryImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static partial int SetRLimit(int resource, in RLimit limit);

    [Fact]
    public async Task AnAcceptWithoutAFreeFdPausesAndIsRetried()
    {
        using var dir = new TempDir();
        var warnings = new List<DateTime>();
        var options = new ControlServerOptions
        {
            Servers = [new UnixHttpServerConfig { Section = "unix_http_server", File = dir.File("sv.sock") }],
            Log = (level, message) =>
            {
                if (level == LogLevel.Warn && message == "HTTP server could not accept a connection: accept4: EMFILE")
                {
                    lock (warnings)
                    {
                        warnings.Add(DateTime.UtcNow);
                    }
                }
            },
        };
        await using var engine = await OracleEngine.StartAsync(dir.Path);
        await using var server = new RawControlServer(engine.Context, options);
        await server.StartAsync(CancellationToken.None);
        // Made now: connecting it later needs no new fd in this process, only the server's accept does.
        using var client = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        var endpoint = new UnixDomainSocketEndPoint(dir.File("sv.sock"));
        Assert.Equal(0, GetRLimit(RLIMIT_NOFILE, out var before));
        DateTime lowered, restored;
        try
        {
            // The kernel gives the lowest free fd, and the limit bounds its number: below the lowest free one, none is left.
            ulong lowestFree;
            using (var probe = File.OpenHandle("/dev/null"))
            {
                lowestFree = (ulong)probe.DangerousGetHandle();
            }
            lowered = DateTime.UtcNow;
            Assert.Equal(0, SetRLimit(RLIMIT_NOFILE, new RLimit { Current = lowestFree, Maximum = before.Maximum }));
            // Blocking: an async connect may need the runtime's socket engine, whose start makes fds of its own.
            client.Connect(endpoint);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (Count(warnings) < 2)
            {
                Assert.True(DateTime.UtcNow < deadline, "no EMFILE reported twice");
                await Task.Delay(20);
            }
        }
        finally
        {
            Assert.Equal(0, SetRLimit(RLIMIT_NOFILE, before));
            restored = DateTime.UtcNow;
        }
        var seen = Count(warnings);
        // A listener that kept trying would report thousands per second; a paused one once per 100 ms.
        Assert.True(seen <= (restored - lowered).TotalMilliseconds / 100 + 3, $"{seen} EMFILE reports in {(restored - lowered).TotalMilliseconds} ms");

        await client.SendAsync(RawHttp.Post(System.Text.Encoding.UTF8.GetString(XmlRpcWriter.WriteMethodCall("supervisor.getAPIVersion", []))));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var all = new MemoryStream();
        var buffer = new byte[65536];
        int n;
        while ((n = await client.ReceiveAsync(buffer, cts.Token)) > 0)
        {
            all.Write(buffer, 0, n);
        }
        Assert.Equal("3.0", XmlRpcReader.ReadResponse(RawHttp.Parse(all.ToArray()).Body).Value!.AsString());
    }

    private static int Count(List<DateTime> warnings)
    {
        lock (warnings)
        {
            return warnings.Count;
        }
    }
}
