using System.Net;
using SuperNet.Integration.Tests.Harness;

namespace SuperNet.Api.Tests;

/// <summary>Many clients starting and stopping at once, over both transports, while others read: the loop serializes them.</summary>
public sealed class ApiConcurrencyTests : IDisposable
{
    private const int Count = 6;
    private readonly ApiDaemon daemon = ApiDaemon.With($"""
        [program:many]
        command=/bin/sleep 1000
        process_name=%(program_name)s_%(process_num)s
        numprocs={Count}
        startsecs=0
        """);

    [Fact]
    public async Task ConcurrentStartsAndStopsEndConsistent()
    {
        using var reading = new CancellationTokenSource();
        var reader = Task.Run(() =>
        {
            var reads = 0;
            while (!reading.IsCancellationRequested)
            {
                var list = daemon.Get(Transport.Tcp, "/api/v1/processes/many:*");
                Assert.Equal(HttpStatusCode.OK, list.Status);
                Assert.Equal(Count, list.Json().GetArrayLength());
                reads++;
            }
            return reads;
        });
        var workers = Enumerable.Range(0, Count).Select(i => Task.Run(() =>
        {
            var transport = i % 2 == 0 ? Transport.Unix : Transport.Tcp;
            for (var round = 0; round < 3; round++)
            {
                // The group-wide requests race these: stopping a stopped process is NOT_RUNNING, starting a started one
                // ALREADY_STARTED, and a start whose process the group stop ended before RUNNING is ABNORMAL_TERMINATION.
                Settled(daemon.Post(transport, $"/api/v1/processes/many:many_{i}/stop"));
                Settled(daemon.Post(transport, $"/api/v1/processes/many:many_{i}/start"));
            }
        })).ToList();
        // The whole group at once, racing the single-process requests: each answer is 200 (per-process results) or a 409 conflict.
        var groupWide = Task.Run(() =>
        {
            for (var round = 0; round < 3; round++)
            {
                var stop = daemon.Post(Transport.Unix, "/api/v1/processes/many:*/stop");
                Assert.Equal(HttpStatusCode.OK, stop.Status);
                var start = daemon.Post(Transport.Tcp, "/api/v1/processes/many:*/start");
                Assert.Equal(HttpStatusCode.OK, start.Status);
                Assert.All(start.Json().EnumerateArray(), r => Assert.Contains(r.GetProperty("status").GetInt32(), new[] { 80, 60, 40 }));
            }
        });
        await Task.WhenAll([.. workers, groupWide]);
        await reading.CancelAsync();
        Assert.True(await reader > 0);

        Assert.Equal(HttpStatusCode.OK, daemon.Post(Transport.Unix, "/api/v1/processes/many:*/start").Status);
        var final = daemon.Get(Transport.Unix, "/api/v1/processes/many:*").Json();
        Assert.All(final.EnumerateArray(), p =>
        {
            Assert.Equal("RUNNING", p.GetProperty("statename").GetString());
            Assert.True(Directory.Exists($"/proc/{p.GetProperty("pid").GetInt32()}"), "a RUNNING process has a live pid");
        });
        Assert.Equal(Count, final.EnumerateArray().Select(p => p.GetProperty("pid").GetInt32()).Distinct().Count());
        Assert.DoesNotContain(daemon.Run.Log(), l => l.Message.Contains("unexpected exception", StringComparison.Ordinal));
    }

    private static void Settled(Answer answer)
    {
        switch (answer.Status)
        {
            case HttpStatusCode.OK:
                Assert.Equal(80, answer.Json()[0].GetProperty("status").GetInt32());
                break;
            case HttpStatusCode.Conflict:
                Assert.Contains(answer.Json().GetProperty("fault").GetString(), new[] { "NOT_RUNNING", "ALREADY_STARTED" });
                break;
            default:
                answer.AssertFault(HttpStatusCode.InternalServerError, "ABNORMAL_TERMINATION", 40);
                break;
        }
    }

    public void Dispose() => daemon.Dispose();
}
